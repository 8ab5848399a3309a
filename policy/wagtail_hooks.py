"""Admin registration: the policy record's reference data and the reporting inbox.

The reference viewsets search through each model's own search index (its
`search_fields`, with autocomplete), which works on SQLite and PostgreSQL alike;
restricting the search to named fields is not supported by the SQLite backend.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .inbox.bulk_actions import (
    FetchNowBulkAction,
    MarkIrrelevantBulkAction,
    MarkRelevantBulkAction,
)
from .inbox.filters import ReportFilterSet, SourceFilterSet
from .inbox.panels import InboxPanel
from .inbox.views import (
    AnnotationCreateView,
    AnnotationEditView,
    EventDraftCreateView,
    HealthColumn,
    ReportIndexView,
    ReportInspectView,
    ReportStatusView,
)
from .models import Instrument, LicenceEventPage, Material, Regulator, Report, Source
from .selectors import report_inbox_queryset


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
    """What an editor should double-check, e.g. 'encoding suspect'."""
    return "encoding suspect" if report.encoding_suspect else ""


class RegulatorViewSet(SnippetViewSet):
    """Regulators that issue controls and licences."""

    model = Regulator
    icon = "group"
    list_display = ["short_name", "name", "jurisdiction"]


class MaterialViewSet(SnippetViewSet):
    """Controlled materials."""

    model = Material
    icon = "pick"
    list_display = ["name", "symbol", "category"]
    list_filter = ["category"]


class InstrumentViewSet(SnippetViewSet):
    """Legal instruments events hang on."""

    model = Instrument
    icon = "doc-full"
    list_display = ["title", "regulator", "document_reference", "status"]
    list_filter = ["status", "regulator"]


class ReferenceDataGroup(SnippetViewSetGroup):
    """The policy record's reference data, grouped in one menu."""

    items = (RegulatorViewSet, MaterialViewSet, InstrumentViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Policy record"
    menu_order = 320


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

    def get_queryset(self, request):
        return report_inbox_queryset()

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


register_snippet(ReferenceDataGroup)
register_snippet(IngestionGroup)

for action in (MarkRelevantBulkAction, MarkIrrelevantBulkAction, FetchNowBulkAction):
    hooks.register("register_bulk_action", action)


@hooks.register("construct_homepage_panels")
def add_inbox_panel(request, panels):
    """Editors who can read the inbox see what is waiting on the dashboard."""
    if request.user.has_perm("policy.view_report"):
        panels.append(InboxPanel())


@hooks.register("insert_global_admin_css")
def inbox_css():
    """Styles for the report view and the source health column."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/inbox.css"))


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_incomplete_events(request, action_type, objects, action):
    """Bulk publishing skips the event form: apply its publish rules here, by name."""
    if action_type != "publish":
        return None
    refused = []
    for page in objects:
        if not isinstance(page.specific, LicenceEventPage):
            continue
        # What would go live is the latest revision, not the row as it stands.
        draft = page.specific.get_latest_revision_as_object()
        problems = draft.publish_problems()
        if problems:
            refused.append(f"'{draft.title}': {'; '.join(problems)}")
    if not refused:
        return None
    messages.error(
        request,
        "Nothing was published. Fix these events first: " + " | ".join(refused) + ".",
    )
    return redirect(action.next_url)
