"""Licence events as Wagtail pages under a policy tracker.

Pages give events drafts, revisions, moderation, previews, scheduled publishing and
public URLs without writing any of it ourselves.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.shortcuts import get_object_or_404
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from rexchange.cache.fragments import page_fragments
from rexchange.newsroom.slugs import FreshSlugFormMixin
from rexchange.newsroom.widgets import SearchableCheckboxSelectMultiple
from rexchange.publication.absolute_urls import SiteRootUrlMixin

from ..blocks import FactsBlock, citation_event_visible
from ..citations.stored import citations_distinct
from ..vocabulary import codes_from_text, state_groups
from .reference import Instrument, Material, Regulator

EVENTS_PER_PAGE = 20

# Reads for these pages live in `policy.selectors` (and, for the articles that discuss
# an event, in the articles app), which import these models; the models must not
# import them back. Each page asks its registered context hooks instead (see
# `policy/wagtail_hooks.py` and `articles/wagtail_hooks.py`).
TRACKER_CONTEXT_HOOK = "policy_tracker_page_context"
EVENT_CONTEXT_HOOK = "policy_licence_event_page_context"
QUESTIONS_CONTEXT_HOOK = "policy_open_questions_page_context"


def hooked_context(hook_name: str, **kwargs) -> dict:
    """What every function registered under `hook_name` adds to a page's context."""
    context: dict = {}
    for contribute in hooks.get_hooks(hook_name):
        context.update(contribute(**kwargs))
    return context


iso_list = RegexValidator(
    r"^\s*([A-Za-z]{2}\s*(,\s*[A-Za-z]{2}\s*)*)?$",
    "Use two-letter ISO 3166 codes separated by commas, e.g. 'US, JP, DE'.",
)


class PolicyTrackerPage(SiteRootUrlMixin, RoutablePageMixin, Page):
    """The timeline of licence and export-control events, with per-subject views."""

    intro = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["policy.LicenceEventPage"]
    max_count = 1

    class Meta:
        verbose_name = "policy tracker"

    def _timeline(self, request, *, subject=None, fixed: str | None = None, **filters):
        context = hooked_context(
            TRACKER_CONTEXT_HOOK,
            page=self,
            request=request,
            fixed=fixed,
            filters=filters,
            per_page=EVENTS_PER_PAGE,
        )
        return self.render(
            request,
            context_overrides={
                **context,
                "subject": subject,
                "subject_kind": fixed or "",
                # A subject's page is its own address, not the tracker's.
                "canonical_path": request.path if subject is not None else "",
            },
        )

    @path("")
    def timeline_view(self, request):
        """All live events, newest first, narrowed by the query string."""
        return self._timeline(request)

    @path("questions/")
    def questions_view(self, request):
        """What we still don't know: open questions by material and age."""
        context = hooked_context(QUESTIONS_CONTEXT_HOOK, page=self, request=request)
        return self.render(
            request,
            template="policy/open_questions.html",
            context_overrides={**context, "canonical_path": request.path},
        )

    @path("regulators/<slug:slug>/")
    def regulator_view(self, request, slug):
        """Events issued by one regulator."""
        regulator = get_object_or_404(Regulator, slug=slug)
        return self._timeline(
            request, subject=regulator, fixed="regulator", regulator=regulator
        )

    @path("materials/<slug:slug>/")
    def material_view(self, request, slug):
        """Events that touch one material."""
        material = get_object_or_404(Material, slug=slug)
        return self._timeline(
            request, subject=material, fixed="material", materials=material
        )

    @path("instruments/<slug:slug>/")
    def instrument_view(self, request, slug):
        """Events that hang on one legal instrument."""
        instrument = get_object_or_404(
            Instrument.objects.select_related("regulator"), slug=slug
        )
        return self._timeline(
            request, subject=instrument, fixed="instrument", instrument=instrument
        )


def licence_event_publish_problems(*, facts, materials) -> dict[str, str]:
    """What stops an event going live, by field, in the words the analyst reads.

    The page form shows each next to its field; bulk publishing, which skips the
    form, names them per event (see `LicenceEventPage.publish_problems`).
    """
    problems = {}
    if facts is not None and len(facts) == 0:
        problems["facts"] = "It needs at least one fact; undisclosed counts."
    if not materials:
        problems["materials"] = "Choose at least one material."
    return problems


class LicenceEventForm(FreshSlugFormMixin, WagtailAdminPageForm):
    """Cross-field rules an analyst should hear about next to the field."""

    def clean(self):
        cleaned = super().clean()
        # Drafts may be incomplete (Wagtail defers required fields for them); what
        # readers will see must be whole.
        if not self.is_deferred_validation:
            problems = licence_event_publish_problems(
                facts=cleaned.get("facts"), materials=cleaned.get("materials")
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned


class LicenceEventPage(SiteRootUrlMixin, Page):
    """One licence or export-control event; each fact records its knowledge state."""

    class EventType(models.TextChoices):
        CONTROL_IMPOSED = "control_imposed", "Control imposed"
        CONTROL_EXPANDED = "control_expanded", "Control expanded"
        CONTROL_SUSPENDED = "control_suspended", "Control suspended"
        CONTROL_LIFTED = "control_lifted", "Control lifted"
        GENERAL_LICENCE_GRANTED = "general_licence_granted", "General licence granted"
        CASE_LICENCE_GRANTED = "case_licence_granted", "Case-by-case licence granted"
        LICENCE_DENIED = "licence_denied", "Licence denied or revoked"
        QUOTA_SET = "quota_set", "Quota set"
        GUIDANCE_ISSUED = "guidance_issued", "Guidance issued"
        OTHER = "other", "Other"

    class Assessment(models.TextChoices):
        LIBERALIZING = "liberalizing", "Liberalizing"
        TIGHTENING = "tightening", "Tightening"
        CONSOLIDATING = "consolidating", "Consolidating"
        NEUTRAL = "neutral", "Neutral"
        UNCLEAR = "unclear", "Unclear"

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed by the regulator"
        REPORTED = "reported", "Reported"
        RUMOURED = "rumoured", "Rumoured"

    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, related_name="events"
    )
    instrument = models.ForeignKey(
        Instrument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The legal act this event belongs to, if any.",
    )
    previous_event = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_events",
        help_text="Filled in automatically from the instrument when left empty.",
    )
    event_type = models.CharField(max_length=30, choices=EventType.choices)
    announced_on = models.DateField()
    effective_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day a time-limited measure applies, e.g. the end of a "
        "one-year suspension. Leave empty when open-ended.",
    )
    materials = ParentalManyToManyField(Material, blank=True, related_name="events")
    destinations = models.CharField(
        max_length=300,
        blank=True,
        validators=[iso_list],
        help_text="ISO 3166 codes of destinations affected, comma-separated. "
        "Leave empty when none are named.",
    )
    summary = models.TextField(help_text="Two or three sentences: what happened.")
    assessment = models.CharField(max_length=16, choices=Assessment.choices)
    assessment_reason = models.TextField(
        help_text="Why this assessment, e.g. 'Fewer approvals, same controls.'"
    )
    confidence = models.CharField(
        max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    facts = StreamField(FactsBlock(), blank=True)

    base_form_class = LicenceEventForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("regulator"), FieldPanel("instrument")]),
                FieldPanel("previous_event"),
                FieldPanel("event_type"),
                FieldRowPanel(
                    [
                        FieldPanel("announced_on"),
                        FieldPanel("effective_on"),
                        FieldPanel("ends_on"),
                    ]
                ),
                FieldPanel(
                    "materials",
                    widget=SearchableCheckboxSelectMultiple(noun="materials"),
                ),
                FieldPanel("destinations"),
            ],
            heading="The event",
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("assessment"),
                FieldPanel("assessment_reason"),
                FieldPanel("confidence"),
            ],
            heading="Our assessment",
        ),
        FieldPanel("facts"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("assessment_reason"),
        index.SearchField("facts"),
        index.FilterField("announced_on"),
        index.FilterField("event_type"),
        index.FilterField("assessment"),
        index.RelatedFields("regulator", [index.SearchField("name")]),
        index.RelatedFields("materials", [index.SearchField("name")]),
    ]
    parent_page_types = ["policy.PolicyTrackerPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "licence event"
        ordering = ["-announced_on"]

    def clean(self):
        super().clean()
        errors = {}
        announced, effective = self.announced_on, self.effective_on
        if announced and effective and effective < announced:
            errors["effective_on"] = (
                f"The effective date ({effective:%d %b %Y}) cannot be before the "
                f"announcement ({announced:%d %b %Y})."
            )
        ends, starts = self.ends_on, effective or announced
        if ends and starts and ends < starts:
            errors["ends_on"] = (
                f"The end date ({ends:%d %b %Y}) cannot be before the event takes "
                f"effect ({starts:%d %b %Y})."
            )
        if self.previous_event_id:
            previous = self.previous_event
            if self.pk and previous.pk == self.pk:
                errors["previous_event"] = "An event cannot follow itself."
            elif self.pk and previous.previous_event_id == self.pk:
                errors["previous_event"] = (
                    f"'{previous.title}' already follows this event; two events "
                    "cannot follow each other."
                )
            elif announced and previous.announced_on > announced:
                errors["previous_event"] = (
                    f"'{previous.title}' was announced on "
                    f"{previous.announced_on:%d %b %Y}, after this event; choose an "
                    "earlier one."
                )
        elif self.instrument_id and announced:
            # The automatic link; Wagtail calls clean() on every save, so events made
            # in the admin and in code (the demo, imports) are linked alike.
            self.previous_event = self.latest_earlier_event_on_instrument()
        if errors:
            raise ValidationError(errors)

    @property
    def choice_label(self) -> str:
        """How a form offers the event: date, regulator and title, e.g.
        '2025-10-09 · MOFCOM · Controls expanded'. Read with the regulator."""
        return f"{self.announced_on:%Y-%m-%d} · {self.regulator} · {self.title}"

    def latest_earlier_event_on_instrument(self) -> LicenceEventPage | None:
        """The event this one most likely follows: the last earlier one on its
        instrument, drafts included (the diff shows readers only live ones)."""
        return (
            LicenceEventPage.objects.filter(
                instrument_id=self.instrument_id, announced_on__lt=self.announced_on
            )
            .exclude(pk=self.pk)
            .order_by("-announced_on", "-pk")
            .first()
        )

    def fact_groups(self) -> list[tuple[str, str, list]]:
        """The facts as three lists in reading order: (state, heading, facts)."""
        by_state: dict[str, list] = {}
        for child in self.facts:
            by_state.setdefault(child.value.get("state"), []).append(child)
        return state_groups(by_state)

    @property
    def destinations_undisclosed(self) -> bool:
        """Whether the facts record destinations as undisclosed, so the page never
        says "none named" about destinations it also calls undisclosed."""
        return any(
            child.value.get("dimension") == "destinations"
            and child.value.get("state") == "undisclosed"
            for child in self.facts
        )

    def citations(self, *, visible_event_ids) -> list:
        """Every citation on the event's facts, once each, in the order they appear,
        leaving out those with nothing readers may see (a hidden event alone)."""
        every = [
            citation
            for child in self.facts
            for citation in child.value.get("citations") or []
        ]
        return [
            c
            for c in citations_distinct(every)
            if c.link(
                event_visible=citation_event_visible(c, visible_ids=visible_event_ids)
            ).text
        ]

    @classmethod
    def routed_queryset(cls, pages):
        """How routing reads the event: with the regulator, instrument and previous
        event it shows."""
        return pages.select_related("regulator", "instrument", "previous_event")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The page as rendered for the current published state: a hit needs none
        # of the reads below (rexchange/cache/fragments.py).
        context["page_fragments"] = fragments = page_fragments(
            request, self, ("event",)
        )
        if fragments.hit:
            return context
        context.update(hooked_context(EVENT_CONTEXT_HOOK, page=self, request=request))
        context["citations"] = self.citations(
            visible_event_ids=context.get("visible_event_ids")
        )
        return context

    def publish_problems(self) -> list[str]:
        """What stops this version of the event going live, as phrases that follow
        its title, e.g. "it needs at least one fact; undisclosed counts".

        The page form checks the same rules on publish; bulk publishing skips the
        form, so the admin hook asks here.
        """
        problems = licence_event_publish_problems(
            facts=self.facts, materials=self.materials.all()
        )
        return [p[0].lower() + p[1:].rstrip(".") for p in problems.values()]

    @property
    def destination_codes(self) -> list[str]:
        """Destinations as a list of upper-case ISO codes."""
        return codes_from_text(self.destinations, upper=True)
