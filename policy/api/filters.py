"""Declared filters for the policy record's endpoints."""

from __future__ import annotations

import django_filters

from policy.models import (
    Instrument,
    LicenceEventFact,
    LicenceEventPage,
    Material,
    OpenQuestion,
    Regulator,
)
from policy.reporting.models import Annotation, Report, Source
from rexchange.api.filters import (
    ChoiceCSVFilter,
    DateFilter,
    DateTimeFilter,
    ModelCSVFilter,
)

from ..vocabulary import Dimension, FactState


class MaterialFilter(django_filters.FilterSet):
    """Materials by category."""

    category = ChoiceCSVFilter(field_name="category", choices=Material.Category.choices)

    class Meta:
        model = Material
        fields: list[str] = []


def _regulator_filter() -> ModelCSVFilter:
    """Filter on the regulator, by slug; instruments and events share it."""
    return ModelCSVFilter(
        field_name="regulator",
        to_field_name="slug",
        queryset=Regulator.objects.all(),
        help_text="Regulator slugs, comma-separated (any of them), e.g. 'mofcom'.",
    )


def _material_filter() -> ModelCSVFilter:
    """Filter on the materials, by slug; instruments and events share it."""
    return ModelCSVFilter(
        field_name="materials",
        to_field_name="slug",
        queryset=Material.objects.all(),
        help_text="Material slugs, comma-separated (any of them), e.g. 'dysprosium'.",
    )


class InstrumentFilter(django_filters.FilterSet):
    """Instruments by regulator, material and status."""

    regulator = _regulator_filter()
    material = _material_filter()
    status = ChoiceCSVFilter(field_name="status", choices=Instrument.Status.choices)

    class Meta:
        model = Instrument
        fields: list[str] = []


def _state_filter(state: str) -> ChoiceCSVFilter:
    return ChoiceCSVFilter(
        choices=Dimension.choices,
        method="filter_fact_state",
        help_text=f"Events with a fact in state '{state}' on any of these dimensions "
        "(comma-separated).",
    )


class LicenceEventFilter(django_filters.FilterSet):
    """Licence events by who, what, when, and what their facts say."""

    regulator = _regulator_filter()
    material = _material_filter()
    instrument = ModelCSVFilter(
        field_name="instrument",
        to_field_name="slug",
        queryset=Instrument.objects.all(),
        help_text="Instrument slugs, comma-separated (any of them).",
    )
    event_type = ChoiceCSVFilter(
        field_name="event_type", choices=LicenceEventPage.EventType.choices
    )
    assessment = ChoiceCSVFilter(
        field_name="assessment", choices=LicenceEventPage.Assessment.choices
    )
    confidence = ChoiceCSVFilter(
        field_name="confidence", choices=LicenceEventPage.Confidence.choices
    )
    announced_after = DateFilter(
        field_name="announced_on",
        lookup_expr="gte",
        help_text="Announced on or after this date (YYYY-MM-DD).",
    )
    announced_before = DateFilter(
        field_name="announced_on",
        lookup_expr="lte",
        help_text="Announced on or before this date (YYYY-MM-DD).",
    )
    updated_since = DateTimeFilter(
        field_name="last_published_at",
        lookup_expr="gte",
        help_text="Published or republished at or after this ISO 8601 date-time.",
    )
    changed = _state_filter(FactState.CHANGED)
    unchanged = _state_filter(FactState.UNCHANGED)
    undisclosed = _state_filter(FactState.UNDISCLOSED)

    class Meta:
        model = LicenceEventPage
        fields: list[str] = []

    def filter_fact_state(self, queryset, name, value):
        facts = LicenceEventFact.objects.filter(state=name, dimension__in=value)
        return queryset.filter(pk__in=facts.values("event_id"))


class ReportFilter(django_filters.FilterSet):
    """Ingested reports by triage status, source and arrival."""

    status = ChoiceCSVFilter(field_name="status", choices=Report.Status.choices)
    source = ModelCSVFilter(
        field_name="source",
        queryset=Source.objects.all(),
        help_text="Source ids, comma-separated (any of them).",
    )
    since = DateTimeFilter(
        field_name="first_seen_at",
        lookup_expr="gte",
        help_text="First seen at or after this ISO 8601 date-time.",
    )

    class Meta:
        model = Report
        fields: list[str] = []


class AnnotationFilter(django_filters.FilterSet):
    """Annotations by report, kind and verdict."""

    report = ModelCSVFilter(
        field_name="report",
        queryset=Report.objects.all(),
        help_text="Report ids, comma-separated (any of them).",
    )
    kind = ChoiceCSVFilter(field_name="kind", choices=Annotation.Kind.choices)
    verdict = ChoiceCSVFilter(field_name="verdict", choices=Annotation.Verdict.choices)

    class Meta:
        model = Annotation
        fields: list[str] = []


class RegimeFilter(django_filters.FilterSet):
    """Which materials, on which date. The date is read by the view, not filtered."""

    material = ModelCSVFilter(
        field_name="slug",
        method="filter_materials",
        to_field_name="slug",
        queryset=Material.objects.all(),
        help_text="Material slugs, comma-separated, e.g. 'dysprosium,terbium'. "
        "Default: every material.",
    )
    on = DateFilter(
        method="read_in_view",
        help_text="The date (YYYY-MM-DD) the regime is wanted for. Default: today.",
    )

    class Meta:
        model = Material
        fields: list[str] = []

    def read_in_view(self, queryset, name, value):
        return queryset

    def filter_materials(self, queryset, name, value):
        if value is None or isinstance(value, list):
            return queryset  # not given: every material
        # Given: only those named; slugs that name nothing match nothing.
        return queryset.filter(pk__in=value.values("pk"))


class OpenQuestionFilter(django_filters.FilterSet):
    """Questions by material, regulator, dimension, status and when they opened or
    closed."""

    material = ModelCSVFilter(
        field_name="event__materials",
        to_field_name="slug",
        queryset=Material.objects.all(),
        help_text="Material slugs, comma-separated (any of them), e.g. 'dysprosium'.",
    )
    regulator = ModelCSVFilter(
        field_name="event__regulator",
        to_field_name="slug",
        queryset=Regulator.objects.all(),
        help_text="Regulator slugs, comma-separated (any of them), e.g. 'mofcom'.",
    )
    dimension = ChoiceCSVFilter(field_name="dimension", choices=Dimension.choices)
    status = ChoiceCSVFilter(field_name="status", choices=OpenQuestion.Status.choices)
    opened_after = DateFilter(
        field_name="first_undisclosed_on",
        lookup_expr="gte",
        help_text="First undisclosed on or after this date (YYYY-MM-DD).",
    )
    opened_before = DateFilter(
        field_name="first_undisclosed_on",
        lookup_expr="lte",
        help_text="First undisclosed on or before this date (YYYY-MM-DD).",
    )
    closed_after = DateFilter(
        field_name="closed_on",
        lookup_expr="gte",
        help_text="Answered or carried on or after this date (YYYY-MM-DD).",
    )
    closed_before = DateFilter(
        field_name="closed_on",
        lookup_expr="lte",
        help_text="Answered or carried on or before this date (YYYY-MM-DD).",
    )

    class Meta:
        model = OpenQuestion
        fields: list[str] = []
