"""Open questions: what an event left undisclosed, kept until something answers it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from policy.reporting.models import Annotation, Report

from ..questions import QuestionStatus
from ..vocabulary import Dimension, FactState
from .events import LicenceEventPage

# How a question is put when no editor has worded it yet. General licences get their
# own wording: they are the events readers ask these questions of most.
DEFAULT_WORDING = {
    Dimension.EXPORTERS: "Which exporters does it apply to?",
    Dimension.PRODUCTS: "Which products does it cover?",
    Dimension.VOLUMES: "What volumes are allowed?",
    Dimension.DESTINATIONS: "To which destinations may shipments go?",
    Dimension.DURATION: "How long does it last?",
    Dimension.PROCEDURE: "How does the procedure work?",
    Dimension.SCOPE: "What exactly does it cover?",
    Dimension.LEGAL_BASIS: "On what legal basis does it rest?",
    Dimension.OTHER: "What else has not been disclosed?",
}
GENERAL_LICENCE_WORDING = {
    Dimension.EXPORTERS: "Which exporters received general licences?",
    Dimension.PRODUCTS: "Which products do the general licences cover?",
    Dimension.VOLUMES: "What volumes may general-licence holders ship?",
    Dimension.DESTINATIONS: "To which destinations may general-licence holders ship?",
    Dimension.DURATION: "How long is a general licence valid?",
}


def default_wording(*, dimension: str, event_type: str) -> str:
    """The question a reader would ask of an undisclosed dimension."""
    if event_type == LicenceEventPage.EventType.GENERAL_LICENCE_GRANTED:
        wording = GENERAL_LICENCE_WORDING.get(dimension)
        if wording:
            return wording
    return DEFAULT_WORDING.get(dimension, DEFAULT_WORDING[Dimension.OTHER])


class OpenQuestion(models.Model):
    """One undisclosed fact of a live event, as a question readers can follow.

    Opened, carried and answered by `policy.services.open_questions_sync` from the
    live event chain (rules in `policy.questions`); editors word it and may mark it
    answered by a report or an annotation.
    """

    class Status(models.TextChoices):
        OPEN = QuestionStatus.OPEN.value, "Open"
        CARRIED = QuestionStatus.CARRIED.value, "Carried to a later event"
        ANSWERED = QuestionStatus.ANSWERED.value, "Answered"

    event = models.ForeignKey(
        LicenceEventPage, on_delete=models.CASCADE, related_name="open_questions"
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    wording = models.CharField(
        max_length=300,
        blank=True,
        help_text="The question as readers see it, e.g. 'Which exporters received "
        "general licences?'. Leave empty for the standard wording.",
    )
    statement = models.TextField(
        blank=True, help_text="The event's undisclosed fact, as published."
    )
    first_undisclosed_on = models.DateField(
        help_text="The first announcement along the chain that left it undisclosed."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_by_event = models.ForeignKey(
        LicenceEventPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closed_questions",
    )
    closed_state = models.CharField(
        max_length=12, choices=FactState.choices, blank=True
    )
    answered_by_report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_questions",
        help_text="The report that answers it, if reporting did.",
    )
    answered_by_annotation = models.ForeignKey(
        Annotation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_questions",
        help_text="Or the annotation that answers it.",
    )
    answer = models.TextField(
        blank=True,
        help_text="How the reporting answers it, in one or two sentences, e.g. "
        "'Customs data show shipments to Japan and Korea only.'",
    )
    answered_on = models.DateField(
        null=True, blank=True, help_text="When the answer became public."
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    panels = [
        FieldPanel("wording"),
        MultiFieldPanel(
            [
                FieldPanel("answered_by_report"),
                FieldPanel("answered_by_annotation"),
                FieldPanel("answer"),
                FieldPanel("answered_on"),
            ],
            heading="Answered by reporting",
        ),
    ]

    class Meta:
        ordering = ["first_undisclosed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "dimension"], name="open_question_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "dimension"], name="open_question_find")
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def question(self) -> str:
        """The question as readers see it."""
        return self.wording or default_wording(
            dimension=self.dimension, event_type=self.event.event_type
        )

    @property
    def answered_by_reporting(self) -> bool:
        """True when an editor marked it answered by a report or an annotation."""
        return bool(self.answered_by_report_id or self.answered_by_annotation_id)

    def clean(self):
        super().clean()
        by_reporting = self.answered_by_reporting
        if by_reporting and not self.answer.strip():
            raise ValidationError({"answer": "Say how the reporting answers it."})
        if self.answer.strip() and not by_reporting:
            message = "Choose the report or annotation that answers it."
            raise ValidationError({"answered_by_report": message})
        if by_reporting and not self.answered_on:
            raise ValidationError({"answered_on": "Say when the answer became public."})
