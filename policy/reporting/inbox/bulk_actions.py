"""Bulk actions in the inbox listings: triage reports, fetch sources now."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import classproperty
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..models import Report, Source
from ..services import report_set_status


class PermissionRequiredBulkAction(SnippetBulkAction):
    """A bulk action whose confirmation page, which lists the selected items by
    name, opens only for users the role table lets change the model at all."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportStatusBulkAction(PermissionRequiredBulkAction):
    """Set the triage status of the selected reports."""

    template_name = "rexchange/admin/confirm_bulk_action.html"
    status: str = ""
    verb = ""

    @classproperty
    def models(cls):
        return [Report]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb}

    def get_execution_context(self):
        return {"status": self.status}

    @classmethod
    def execute_action(cls, objects, status=None, **kwargs):
        report_set_status(reports=objects, status=status)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        label = Report.Status(self.status).label.lower()
        return f"{num_parent_objects} report(s) marked {label}."


class MarkRelevantBulkAction(ReportStatusBulkAction):
    """Mark the selected reports relevant."""

    display_name = "Mark relevant"
    action_type = "mark_relevant"
    aria_label = "Mark the selected reports relevant"
    action_priority = 10
    status = Report.Status.RELEVANT
    verb = "Mark relevant"


class MarkIrrelevantBulkAction(ReportStatusBulkAction):
    """Mark the selected reports irrelevant."""

    display_name = "Mark irrelevant"
    action_type = "mark_irrelevant"
    aria_label = "Mark the selected reports irrelevant"
    action_priority = 20
    status = Report.Status.IRRELEVANT
    verb = "Mark irrelevant"


class FetchNowBulkAction(PermissionRequiredBulkAction):
    """Queue a fetch of the selected sources right away."""

    display_name = "Fetch now"
    action_type = "fetch_now"
    aria_label = "Fetch the selected sources now"
    action_priority = 10
    template_name = "rexchange/admin/confirm_bulk_action.html"

    @classproperty
    def models(cls):
        return [Source]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": "Fetch now"}

    def get_execution_context(self):
        # Filled in when the action's transaction commits: the sources the broker
        # could not take, left due for the next beat tick instead.
        self.left_due: list[int] = []
        return {"left_due": self.left_due}

    @classmethod
    def execute_action(cls, objects, left_due=None, **kwargs):
        from ..tasks import fetches_queue

        source_ids = [source.pk for source in objects]

        def queue():
            left = fetches_queue(source_ids)
            if left_due is not None:
                left_due.extend(left)

        # Queued after the commit, like every task: ids only, never instances.
        transaction.on_commit(queue)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        # Said once the queueing is known to have worked (form_valid, below).
        self.selected = num_parent_objects
        return None

    def form_valid(self, form):
        response = super().form_valid(form)
        # The action's transaction has committed by now, so the fetches were
        # offered to the broker and left_due says which it refused.
        left = len(getattr(self, "left_due", []))
        queued = getattr(self, "selected", 0) - left
        if queued:
            messages.success(
                self.request,
                f"{queued} source(s) queued for fetching; "
                "refresh this list in a moment to see how it went.",
            )
        if left:
            messages.warning(
                self.request,
                f"The task queue cannot be reached right now, so {left} source(s) "
                "could not be queued. Nothing is lost: they are marked due and "
                "will be fetched as soon as the queue is back.",
            )
        return response
