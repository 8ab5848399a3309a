"""Comment moderation in the Wagtail admin: one comment with its actions, bulk
actions for the queue, and the dashboard panel of what waits."""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import classproperty
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import TitleColumn
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views import snippets as snippet_views

from .models import Comment
from .selectors import comment_waiting_queryset
from .services.comments import comment_moderate, comment_page_close
from .text import comment_text_html

# What an editor can do with one comment: (action, status, trust, button label).
ACTIONS = {
    "approve": (Comment.Status.APPROVED, False, "Approve"),
    "approve_trust": (
        Comment.Status.APPROVED,
        True,
        "Approve and let this address post directly",
    ),
    "reject": (Comment.Status.REJECTED, False, "Reject"),
    "spam": (Comment.Status.SPAM, False, "Mark as spam"),
}


def comment_inspect_url(comment: Comment) -> str:
    """The admin page where an editor reads and moderates a comment."""
    return reverse(
        Comment.snippet_viewset.get_url_name("inspect"), args=(quote(comment.pk),)
    )


class CommentIndexView(snippet_views.IndexView):
    """The comments, waiting ones first to hand; titles open the moderation view."""

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            get_title_id=lambda instance: f"snippet_{quote(instance.pk)}_title",
            **kwargs,
        )


class CommentEditView(snippet_views.EditView):
    """Comments are readers' words: editors moderate them but never rewrite them."""

    def dispatch(self, request, *args, **kwargs):
        return redirect(
            comment_inspect_url(get_object_or_404(Comment, pk=kwargs["pk"]))
        )


class CommentInspectView(snippet_views.InspectView):
    """One comment: its text as readers would see it, the page, and the actions."""

    template_name = "readers/admin/comment_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Comment.objects.select_related("page"), pk=self.pk)

    def get_page_title(self):
        return "Comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context.update(
            comment=comment,
            comment_html=comment_text_html(comment.body),
            can_moderate=self.request.user.has_perm("readers.change_comment"),
            actions=[
                (name, label)
                for name, (status, trust, label) in ACTIONS.items()
                if status != comment.status or trust
            ],
            moderate_url=reverse(
                Comment.snippet_viewset.get_url_name("moderate"),
                args=(quote(comment.pk),),
            ),
            page_url=comment.page.specific.url,
        )
        return context


class CommentModerateView(CommentInspectView):
    """Apply one moderation action, or close the comment's page to new comments."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("readers.change_comment"):
            raise PermissionDenied
        comment = self.object
        action = request.POST.get("action", "")
        if action == "close":
            if not request.user.has_perm("readers.change_pagecomments"):
                raise PermissionDenied
            comment_page_close(page=comment.page)
            messages.success(request, f"Comments closed on “{comment.page.title}”.")
        elif action in ACTIONS:
            status, trust, _label = ACTIONS[action]
            comment_moderate(
                comment=comment, status=status, user=request.user, trust_address=trust
            )
            messages.success(
                request, f"Comment by {comment.name}: {Comment.Status(status).label}."
            )
        else:
            messages.error(request, "Choose approve, reject or spam.")
            return redirect(comment_inspect_url(comment))
        waiting = comment_waiting_queryset().first()
        if waiting is not None and action != "close":
            return redirect(comment_inspect_url(waiting))
        return redirect(
            reverse(Comment.snippet_viewset.get_url_name("list")) + "?status=pending"
        )


class CommentStatusBulkAction(SnippetBulkAction):
    """Set the status of the selected comments."""

    template_name = "rexchange/admin/confirm_bulk_action.html"
    status: str = ""

    @classproperty
    def models(cls):
        return [Comment]

    def check_perm(self, obj):
        return self.request.user.has_perm("readers.change_comment")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.display_name}

    def get_execution_context(self):
        return {"status": self.status, "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, status=None, user=None, **kwargs):
        for comment in objects:
            comment_moderate(comment=comment, status=status, user=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        label = Comment.Status(self.status).label.lower()
        return f"{num_parent_objects} comment(s): {label}."


class ApproveBulkAction(CommentStatusBulkAction):
    """Approve the selected comments."""

    display_name = "Approve"
    action_type = "approve_comments"
    aria_label = "Approve the selected comments"
    action_priority = 10
    status = Comment.Status.APPROVED


class RejectBulkAction(CommentStatusBulkAction):
    """Reject the selected comments."""

    display_name = "Reject"
    action_type = "reject_comments"
    aria_label = "Reject the selected comments"
    action_priority = 20
    status = Comment.Status.REJECTED


class SpamBulkAction(CommentStatusBulkAction):
    """Mark the selected comments as spam."""

    display_name = "Mark as spam"
    action_type = "spam_comments"
    aria_label = "Mark the selected comments as spam"
    action_priority = 30
    status = Comment.Status.SPAM


BULK_ACTIONS = (ApproveBulkAction, RejectBulkAction, SpamBulkAction)


class CommentsWaitingPanel(Component):
    """Comments waiting for an editor, oldest first, on the admin home page."""

    name = "readers_comments_waiting"
    order = 95
    template_name = "readers/admin/dashboard_panel.html"
    shown = 5

    def get_context_data(self, parent_context=None):
        waiting = comment_waiting_queryset()
        return {
            "count": waiting.count(),
            "oldest": [(c, comment_inspect_url(c)) for c in waiting[: self.shown]],
            "list_url": reverse(Comment.snippet_viewset.get_url_name("list"))
            + "?status=pending",
        }
