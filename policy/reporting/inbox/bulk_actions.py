"""Bulk actions in the inbox listings: triage reports, fetch sources now."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import classproperty
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

    @classmethod
    def execute_action(cls, objects, **kwargs):
        from ..tasks import fetch_source

        for source in objects:
            # Queued after the commit, like every task: ids only, never instances.
            transaction.on_commit(partial(fetch_source.delay, source.pk))
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return (
            f"{num_parent_objects} source(s) queued for fetching; "
            "refresh this list in a moment to see how it went."
        )
