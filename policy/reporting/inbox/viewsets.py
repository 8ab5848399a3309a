"""The inbox's screens in the Wagtail admin: reports (ingested only) and sources."""

from django.urls import path
from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ...selectors.question_hints import report_with_question_hints
from ..models import Report, Source
from ..selectors import report_inbox_queryset
from .bulk_actions import (
    FetchNowBulkAction,
    MarkIrrelevantBulkAction,
    MarkRelevantBulkAction,
)
from .choosers import ReportChooserViewSet
from .filters import ReportFilterSet, SourceFilterSet
from .views import (
    AnnotationCreateView,
    AnnotationEditView,
    EventDraftCreateView,
    HealthColumn,
    ReportIndexView,
    ReportInspectView,
    ReportStatusView,
)

BULK_ACTIONS = (MarkRelevantBulkAction, MarkIrrelevantBulkAction, FetchNowBulkAction)


class IngestedOnlyPolicy(ModelPermissionPolicy):
    """Reports arrive by ingestion only: nobody adds one by hand, not even admins."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [action for action in actions if action != "add"]
        return bool(actions) and super().user_has_any_permission(user, actions)


# Registered before the viewsets below are built, as Wagtail requires.
register_permission_policy(Report, IngestedOnlyPolicy(Report))


def next_fetch(source: Source) -> str:
    """When a source is next due, e.g. '27 Nov 2026 03:44'."""
    return timezone.localtime(source.next_poll_at).strftime("%d %b %Y %H:%M")


def report_flags(report: Report) -> str:
    """What an editor should look at, e.g. 'may answer an open question'."""
    flags = []
    if getattr(report, "may_answer", False):
        flags.append("may answer an open question")
    if report.encoding_suspect:
        flags.append("encoding suspect")
    return "; ".join(flags)


class ReportViewSet(SnippetViewSet):
    """Ingested reports: the editors' inbox."""

    model = Report
    icon = "mail"
    menu_label = "Reports"
    list_display = [
        "title",
        Column("source", accessor="source.name", label="Source", sort_key="source"),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda report: report.status == Report.Status.NEW,
        ),
        Column("flags", accessor=report_flags, label="Flags"),
        Column(
            "annotation_count",
            label="Annotations",
            sort_key="annotation_count",
        ),
        DateColumn("published_at", label="Published", sort_key="published_at"),
        DateColumn("first_seen_at", label="First seen", sort_key="first_seen_at"),
    ]
    filterset_class = ReportFilterSet
    search_fields = ["title", "summary", "text"]
    # Words anywhere in a report, combined with any filter: the ORM does both.
    # (Wagtail search, which the report chooser uses, allows neither here.)
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    chooser_viewset_class = ReportChooserViewSet

    def get_queryset(self, request):
        # Reports that may answer an open question come first.
        return report_with_question_hints(report_inbox_queryset())

    def get_urlpatterns(self):
        kwargs = self.get_inspect_view_kwargs()
        extra = {
            "annotate": AnnotationCreateView,
            "status": ReportStatusView,
            "event_draft": EventDraftCreateView,
        }
        return [
            *super().get_urlpatterns(),
            *(
                path(
                    f"inspect/<int:pk>/{name.replace('_', '-')}/",
                    self.construct_view(view, **kwargs),
                    name=name,
                )
                for name, view in extra.items()
            ),
            path(
                "inspect/<int:pk>/annotations/<int:annotation_pk>/",
                self.construct_view(AnnotationEditView, **kwargs),
                name="annotation_edit",
            ),
        ]


class SourceViewSet(SnippetViewSet):
    """Sources we poll for reporting, with their fetch health."""

    model = Source
    icon = "site"
    list_display = [
        "name",
        Column("url", label="Link"),
        HealthColumn("health", label="Health"),
        DateColumn("last_success_at", label="Last success", sort_key="last_success_at"),
        # Absolute: Wagtail's relative dates say "just now" for any future time.
        Column(
            "next_poll_at",
            accessor=next_fetch,
            label="Next fetch",
            sort_key="next_poll_at",
        ),
    ]
    filterset_class = SourceFilterSet
    search_fields = ["name", "url"]
    list_per_page = 50
    copy_view_enabled = False


class IngestionGroup(SnippetViewSetGroup):
    """Outside reporting: the inbox and the sources behind it."""

    items = (ReportViewSet, SourceViewSet)
    menu_icon = "mail"
    menu_label = "Reporting inbox"
    menu_order = 330
