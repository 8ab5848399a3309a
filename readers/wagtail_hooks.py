"""The Readers menu in the Wagtail admin: comments to moderate, approved addresses,
per-page comment settings, digest subscribers; and the dashboard panel."""

import django_filters
from django import forms
from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import (
    BULK_ACTIONS,
    CommentEditView,
    CommentIndexView,
    CommentInspectView,
    CommentModerateView,
    CommentsWaitingPanel,
)
from .models import ApprovedCommenter, Comment, PageComments, Subscriber


class ReaderWrittenPolicy(ModelPermissionPolicy):
    """Comments and subscriptions come from readers: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [action for action in actions if action != "add"]
        return bool(actions) and super().user_has_any_permission(user, actions)


# Registered before the viewsets below are built, as Wagtail requires.
register_permission_policy(Comment, ReaderWrittenPolicy(Comment))
register_permission_policy(Subscriber, ReaderWrittenPolicy(Subscriber))


class CommentFilterSet(WagtailFilterSet):
    """Narrow the comments to a status, e.g. what waits."""

    status = django_filters.MultipleChoiceFilter(
        choices=Comment.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Status",
    )

    class Meta:
        model = Comment
        fields = []


class CommentViewSet(SnippetViewSet):
    """Readers' comments: open one to approve, reject or mark it as spam."""

    model = Comment
    icon = "comment"
    menu_label = "Comments"
    list_display = [
        Column("name", label="Name"),
        Column("body", accessor=lambda c: c.body[:100], label="Comment"),
        Column("page", accessor="page.title", label="On"),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda c: c.status == Comment.Status.PENDING,
        ),
        DateColumn("created_at", label="Posted", sort_key="created_at"),
    ]
    filterset_class = CommentFilterSet
    search_fields = ["name", "email", "body"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    edit_view_class = CommentEditView

    def get_queryset(self, request):
        return Comment.objects.select_related("page").order_by("-created_at")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "inspect/<int:pk>/moderate/",
                self.construct_view(
                    CommentModerateView, **self.get_inspect_view_kwargs()
                ),
                name="moderate",
            ),
        ]


class ApprovedCommenterViewSet(SnippetViewSet):
    """Addresses whose comments appear at once; delete one to revoke it."""

    model = ApprovedCommenter
    icon = "user"
    menu_label = "Approved commenters"
    list_display = ["email", DateColumn("approved_at", label="Approved")]
    search_fields = ["email"]
    search_backend_name = None
    copy_view_enabled = False


class PageCommentsViewSet(SnippetViewSet):
    """Comments switched on for an event page, or closed on an article."""

    model = PageComments
    icon = "comment"
    menu_label = "Comment settings"
    list_display = [Column("page", accessor="page.title", label="Page"), "state"]
    list_filter = ["state"]
    panels = [FieldPanel("page"), FieldPanel("state")]
    copy_view_enabled = False


class SubscriberViewSet(SnippetViewSet):
    """Confirmed digest subscribers, their choices and delivery problems."""

    model = Subscriber
    icon = "mail"
    menu_label = "Digest subscribers"
    list_display = [
        "email",
        DateColumn("confirmed_at", label="Confirmed"),
        DateColumn("unsubscribed_at", label="Unsubscribed"),
        Column("bounce_count", label="Bounces"),
        DateColumn("suppressed_at", label="Stopped after bounces"),
    ]
    search_fields = ["email"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True


class ReadersGroup(SnippetViewSetGroup):
    """What readers send us: comments and digest subscriptions."""

    items = (
        CommentViewSet,
        ApprovedCommenterViewSet,
        PageCommentsViewSet,
        SubscriberViewSet,
    )
    menu_icon = "comment"
    menu_label = "Readers"
    menu_order = 340


register_snippet(ReadersGroup)

for action in BULK_ACTIONS:
    hooks.register("register_bulk_action", action)


@hooks.register("construct_homepage_panels")
def add_comments_waiting_panel(request, panels):
    """Editors who moderate comments see what waits on the dashboard."""
    if request.user.has_perm("readers.change_comment"):
        panels.append(CommentsWaitingPanel())
