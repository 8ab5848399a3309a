"""Admin registration and page hooks: the policy record's reference data, the
reporting inbox, and the reads behind the tracker and event pages.

The reference viewsets search through each model's own search index (its
`search_fields`, with autocomplete), which works on SQLite and PostgreSQL alike;
restricting the search to named fields is not supported by the SQLite backend.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from policy.models import Instrument, LicenceEventPage, Material, Regulator
from policy.models.events import EVENT_CONTEXT_HOOK, TRACKER_CONTEXT_HOOK
from policy.reporting.inbox.panels import InboxPanel
from policy.reporting.inbox.viewsets import BULK_ACTIONS as INBOX_BULK_ACTIONS
from policy.reporting.inbox.viewsets import IngestionGroup
from policy.selectors.events import licence_event_page_context
from policy.selectors.regime import material_regime_context
from policy.selectors.tracker import TimelineScope, licence_event_timeline


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


register_snippet(ReferenceDataGroup)
register_snippet(IngestionGroup)

for action in INBOX_BULK_ACTIONS:
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


@hooks.register(TRACKER_CONTEXT_HOOK)
def tracker_timeline(*, page, request, fixed, filters, per_page):
    """The tracker's timeline: filtered by the query string, paginated, charted."""
    timeline = licence_event_timeline(
        tracker=page,
        query=request.GET,
        tracker_url=page.get_url(request) or "",
        scope=TimelineScope(fixed=fixed, filters=filters),
        per_page=per_page,
    )
    return {"timeline": timeline}


@hooks.register(TRACKER_CONTEXT_HOOK)
def material_regime(*, page, request, fixed, filters, per_page):
    """A material's page says where its export regime stands today, and how it got
    there."""
    if fixed != "material":
        return {}
    return material_regime_context(material=filters["materials"])


@hooks.register(EVENT_CONTEXT_HOOK)
def event_page_reads(*, page, request):
    """The event's tracker, its previous and next events and what moved between."""
    return licence_event_page_context(event=page, request=request)
