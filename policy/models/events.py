"""Licence events as Wagtail pages under a policy tracker.

Pages give events drafts, revisions, moderation, previews, scheduled publishing and
public URLs without writing any of it ourselves.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import FactsBlock
from .reference import Instrument, Material, Regulator

iso_list = RegexValidator(
    r"^\s*([A-Za-z]{2}\s*(,\s*[A-Za-z]{2}\s*)*)?$",
    "Use two-letter ISO 3166 codes separated by commas, e.g. 'US, JP, DE'.",
)


class PolicyTrackerPage(Page):
    """The timeline of licence and export-control events."""

    intro = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["policy.LicenceEventPage"]
    max_count = 1

    class Meta:
        verbose_name = "policy tracker"


class LicenceEventForm(WagtailAdminPageForm):
    """Cross-field rules an analyst should hear about next to the field."""

    def clean(self):
        cleaned = super().clean()
        announced, effective = cleaned.get("announced_on"), cleaned.get("effective_on")
        if announced and effective and effective < announced:
            self.add_error(
                "effective_on", "The effective date cannot be before it was announced."
            )
        if not self.is_deferred_validation and not cleaned.get("materials"):
            self.add_error("materials", "Choose at least one material.")
        facts = cleaned.get("facts")
        if not self.is_deferred_validation and facts is not None and len(facts) == 0:
            self.add_error(
                "facts",
                "A published event needs at least one fact; undisclosed counts.",
            )
        return cleaned


class LicenceEventPage(Page):
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
                FieldRowPanel([FieldPanel("announced_on"), FieldPanel("effective_on")]),
                FieldPanel("materials"),
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
        if self.previous_event_id and self.previous_event_id == self.pk:
            raise ValidationError({"previous_event": "An event cannot follow itself."})
        if self.instrument_id and not self.previous_event_id and self.announced_on:
            # The automatic link: the latest earlier event on the same instrument.
            earlier = (
                LicenceEventPage.objects.filter(
                    instrument_id=self.instrument_id, announced_on__lt=self.announced_on
                )
                .exclude(pk=self.pk)
                .order_by("-announced_on", "-pk")
                .first()
            )
            if earlier is not None:
                self.previous_event = earlier

    @property
    def destination_codes(self) -> list[str]:
        """Destinations as a list of upper-case ISO codes."""
        return [c.strip().upper() for c in self.destinations.split(",") if c.strip()]
