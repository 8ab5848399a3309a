"""Query-string filters for the policy timeline: one place that reads readers' input.

Values arrive from anyone's address bar, so every field refuses bad input with a
message instead of passing it to the database (PostgreSQL rejects NUL bytes, for one).
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django_filters.fields import ModelChoiceField

from rexchange.cache.generation import generation_cached

from .models import Instrument, LicenceEventPage, Material, Regulator

SLUG = re.compile(r"^[-\w]{1,120}$")
FIRST_YEAR, LAST_YEAR = 1945, 2100


class SlugChoiceField(ModelChoiceField):
    """A choice of regulator, material or instrument by slug, checked before lookup."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not SLUG.match(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter by a related object named by its slug in the query string."""

    field_class = SlugChoiceField

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", f"Any {noun}")
        message = f"There is no {noun} by that name; pick one from the list."
        kwargs.setdefault("error_messages", {"invalid_choice": message})
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    """The calendar year an event was announced in."""

    field_class = forms.IntegerField


_CHOICE_MODELS = {
    "regulator": Regulator,
    "material": Material,
    "instrument": Instrument,
}


def _choices(model) -> list[tuple[str, str]]:
    return generation_cached(
        f"filter-choices:{model._meta.label_lower}",
        lambda: [(o.slug, str(o)) for o in model.objects.all()],
    )


class LicenceEventFilter(django_filters.FilterSet):
    """What readers can narrow the timeline by; bad values are reported per field."""

    regulator = SlugChoiceFilter(noun="regulator", queryset=Regulator.objects.all())
    material = SlugChoiceFilter(
        noun="material",
        field_name="materials",
        label="Material",
        queryset=Material.objects.all(),
    )
    instrument = SlugChoiceFilter(noun="instrument", queryset=Instrument.objects.all())
    event_type = django_filters.ChoiceFilter(
        label="Event type",
        choices=LicenceEventPage.EventType.choices,
        empty_label="Any type",
        error_messages={"invalid_choice": "Pick an event type from the list."},
    )
    assessment = django_filters.ChoiceFilter(
        choices=LicenceEventPage.Assessment.choices,
        empty_label="Any assessment",
        error_messages={"invalid_choice": "Pick an assessment from the list."},
    )
    year = YearFilter(
        field_name="announced_on",
        lookup_expr="year",
        label="Year announced",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": "Enter a year as four digits, e.g. 2025.",
            "min_value": f"Enter a year from {FIRST_YEAR} on.",
            "max_value": f"Enter a year up to {LAST_YEAR}.",
        },
    )

    class Meta:
        model = LicenceEventPage
        fields: list[str] = []

    def __init__(self, *args, fixed: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed is not None:
            # A regulator/material/instrument page already narrows by its own object.
            self.filters.pop(fixed)

    def events(self):
        """The filtered events, or none at all when any value is invalid."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs

    def describe_errors(self) -> None:
        """Point each invalid field at its message, for screen readers."""
        form = self.form
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{form[name].auto_id}-error",
                    }
                )

    @property
    def form(self):
        form = super().form
        if not getattr(form, "choices_from_cache", False):
            # Every timeline lists every regulator, material and instrument; the
            # lists change only when one is saved, which moves the content
            # generation. A chosen value is still checked against the database.
            form.choices_from_cache = True
            for name, model in _CHOICE_MODELS.items():
                field = form.fields.get(name)
                if field is not None:
                    # The widget renders these; validation still asks the field.
                    field.widget.choices = [("", field.empty_label), *_choices(model)]
        return form

    @property
    def active(self) -> bool:
        """True when the reader asked for any filter at all."""
        return any(self.data.get(name) for name in self.filters)
