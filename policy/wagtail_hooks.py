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
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from policy.models import (
    Instrument,
    LicenceEventPage,
    Material,
    OpenQuestion,
    Regulator,
)
from policy.models.events import (
    EVENT_CONTEXT_HOOK,
    QUESTIONS_CONTEXT_HOOK,
    TRACKER_CONTEXT_HOOK,
)
from policy.reporting.inbox.panels import InboxPanel
from policy.reporting.inbox.viewsets import BULK_ACTIONS as INBOX_BULK_ACTIONS
from policy.reporting.inbox.viewsets import IngestionGroup
from policy.selectors.events import licence_event_page_context
from policy.selectors.questions import open_question_page
from policy.selectors.regime import material_regime_context
from policy.selectors.tracker import (
    TimelineScope,
    licence_event_timeline,
    material_open_questions,
)
from policy.services import open_question_answer_refresh


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


class OpenedByEventsPolicy(ModelPermissionPolicy):
    """Questions are opened and removed by the event chain: editors word and answer
    them, nobody adds or deletes one by hand."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        actions = [a for a in actions if a not in ("add", "delete")]
        return bool(actions) and super().user_has_any_permission(user, actions)


# Registered before the viewset below is built, as Wagtail requires.
register_permission_policy(OpenQuestion, OpenedByEventsPolicy(OpenQuestion))


class OpenQuestionViewSet(SnippetViewSet):
    """What events left undisclosed: editors word each question and mark it answered
    by a report or an annotation."""

    model = OpenQuestion
    icon = "help"
    menu_label = "Open questions"
    list_display = [
        Column("question", label="Question"),
        Column("event", accessor="event.title", label="Event"),
        "dimension",
        "status",
        DateColumn("first_undisclosed_on", label="Undisclosed since"),
        DateColumn("closed_on", label="Closed"),
    ]
    list_filter = ["status", "dimension"]
    copy_view_enabled = False
    list_per_page = 50

    def get_queryset(self, request):
        return OpenQuestion.objects.select_related("event").order_by(
            "status", "first_undisclosed_on", "pk"
        )


class ReferenceDataGroup(SnippetViewSetGroup):
    """The policy record's reference data, grouped in one menu."""

    items = (RegulatorViewSet, MaterialViewSet, InstrumentViewSet, OpenQuestionViewSet)
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


@hooks.register("after_edit_snippet")
def open_question_answered(request, instance):
    """An editor's answer (or its removal) changes the question's status at once."""
    if isinstance(instance, OpenQuestion):
        open_question_answer_refresh(question=instance)


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


@hooks.register(TRACKER_CONTEXT_HOOK)
def material_questions(*, page, request, fixed, filters, per_page):
    """A material's page lists what its events left undisclosed and is still open."""
    if fixed != "material":
        return {}
    return {
        "material_questions": material_open_questions(
            material=filters["materials"], request=request
        )
    }


@hooks.register(EVENT_CONTEXT_HOOK)
def event_page_reads(*, page, request):
    """The event's tracker, its previous and next events and what moved between."""
    return licence_event_page_context(event=page, request=request)


@hooks.register(QUESTIONS_CONTEXT_HOOK)
def open_questions_page(*, page, request):
    """The open questions, the materials that have them, and recent answers."""
    return {"questions": open_question_page(query=request.GET, request=request)}
