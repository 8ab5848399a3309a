"""Filters for the inbox listings: reports by source, status, date and flags."""

import django_filters
from django import forms
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from ..models import Report, Source


class ReportFilterSet(WagtailFilterSet):
    """Narrow the inbox to what an editor is triaging."""

    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("name"), label="Source"
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Report.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Status",
    )
    published_at = django_filters.DateFromToRangeFilter(
        label="Published", widget=DateRangePickerWidget
    )
    first_seen_at = django_filters.DateFromToRangeFilter(
        label="First seen", widget=DateRangePickerWidget
    )
    encoding_suspect = django_filters.BooleanFilter(
        label="Encoding suspect", widget=BooleanRadioSelect
    )
    annotated = django_filters.BooleanFilter(
        label="Annotated", method="filter_annotated", widget=BooleanRadioSelect
    )

    class Meta:
        model = Report
        fields = []

    def filter_annotated(self, queryset, name, value):
        """Reports with (or without) at least one annotation."""
        if value is None:
            return queryset
        if value:
            return queryset.filter(annotation_count__gt=0)
        return queryset.filter(annotation_count=0)


class SourceFilterSet(WagtailFilterSet):
    """Find the sources that need attention."""

    failing = django_filters.BooleanFilter(
        label="Failing", method="filter_failing", widget=BooleanRadioSelect
    )

    class Meta:
        model = Source
        fields = ["active", "kind"]

    def filter_failing(self, queryset, name, value):
        """Sources whose last fetch failed (or succeeded)."""
        if value is None:
            return queryset
        if value:
            return queryset.filter(consecutive_failures__gt=0)
        return queryset.filter(consecutive_failures=0)
