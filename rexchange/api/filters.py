"""Filter building blocks every API FilterSet uses.

Request parameters reach the ORM only through these declared filters: each one
validates its input into typed values (or a 400 with a message for that parameter)
before any query is built.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django_filters.widgets import CSVWidget
from drf_spectacular.utils import extend_schema_field

MAX_VALUES = 50
MAX_TEXT = 200
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)

_no_nul = ProhibitNullCharactersValidator()


def _split(values) -> list[str]:
    """Comma-separated input as a list of distinct, trimmed, non-empty values."""
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = values.split(",")
    seen: dict[str, None] = {}
    for value in values:
        _no_nul(value)
        value = value.strip()
        if value:
            seen.setdefault(value, None)
    if len(seen) > MAX_VALUES:
        raise ValidationError(f"Give at most {MAX_VALUES} values.", code="too_many")
    return list(seen)


class ModelCSVField(forms.ModelMultipleChoiceField):
    """A comma-separated list of ids or slugs, each of which must exist."""

    widget = CSVWidget
    default_error_messages = {
        "invalid_choice": "'%(value)s' is not a known value here.",
        "invalid_pk_value": "'%(pk)s' is not a valid value.",
    }

    def clean(self, value):
        values = _split(value)
        if not values:
            return []
        if self.to_field_name is None:
            for item in values:
                # Ids are positive 64-bit integers; anything else never reaches SQL.
                if not (item.isascii() and item.isdigit() and len(item) <= 18):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item[:80]},
                    )
        elif len(max(values, key=len)) > MAX_TEXT:
            raise ValidationError(f"Values are at most {MAX_TEXT} characters long.")
        return list(super().clean(values))


class _CSVPassthrough:
    """Lets BaseCSVFilter describe a parameter as a comma list without re-wrapping."""


class ModelCSVFilter(django_filters.filters.BaseCSVFilter, django_filters.Filter):
    """Match any of several related objects, given as a comma list (OR).

    Filtering goes through a subquery on primary keys, so a to-many relation never
    duplicates a row and results stay countable and cursor-pageable.
    """

    base_field_class = _CSVPassthrough
    field_class = ModelCSVField

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        kwargs.setdefault("help_text", "One or more, comma-separated (any of them).")
        super().__init__(*args, **kwargs)
        if kwargs.get("to_field_name") == "slug":
            schema = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
        else:
            schema = {"type": "integer", "minimum": 1}
        extend_schema_field({**schema, "description": str(self.extra["help_text"])})(
            self
        )

    def get_queryset(self, request):
        queryset = self.queryset
        return queryset(request) if callable(queryset) else queryset

    @property
    def field(self):
        request = getattr(self.parent, "request", None)
        self.extra["queryset"] = self.get_queryset(request)
        return super().field

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._base_manager.filter(
            **{f"{self.field_name}__in": value}
        ).values("pk")
        return qs.filter(pk__in=matching)


class ChoiceCSVField(forms.MultipleChoiceField):
    """A comma-separated list of choices."""

    widget = CSVWidget
    default_error_messages = {
        "invalid_choice": "'%(value)s' is not one of the available choices: "
        "%(choices)s.",
    }

    def clean(self, value):
        values = _split(value)
        known = {str(k) for k, _ in self.choices}
        for item in values:
            if item not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item[:80], "choices": ", ".join(sorted(known))},
                )
        return values


class ChoiceCSVFilter(django_filters.filters.BaseCSVFilter, django_filters.Filter):
    """Match any of several choices, given as a comma list (OR)."""

    base_field_class = _CSVPassthrough
    field_class = ChoiceCSVField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "One or more, comma-separated (any of them).")
        super().__init__(*args, **kwargs)
        choices = [str(value) for value, _ in self.extra["choices"]]
        extend_schema_field(
            {
                "type": "string",
                "enum": choices,
                "description": str(self.extra["help_text"]),
            }
        )(self)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class BoundedDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time within years 1900–8999, so no database overflows."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            in_utc = value.astimezone(dt.UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError("That date-time is out of range.") from exc
        if not EARLIEST <= in_utc < LATEST:
            raise ValidationError("Use a date-time between 1900 and 8999.")
        return value


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time, e.g. 2025-10-09T00:00:00Z; a date alone means midnight."""

    field_class = BoundedDateTimeField


class DateFilter(django_filters.DateFilter):
    """A calendar date, YYYY-MM-DD."""


@extend_schema_field({"type": "string", "maxLength": MAX_TEXT})
class TextFilter(django_filters.CharFilter):
    """Free text of at most 200 characters."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT)
        super().__init__(*args, **kwargs)


class OrderingFilter(django_filters.ChoiceFilter):
    """Sort by one of a declared set of orderings, each ending in a unique key."""

    def __init__(self, *args, orderings: dict[str, tuple[str, ...]], **kwargs):
        self.orderings = orderings
        kwargs["choices"] = [(name, name) for name in orderings]
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault(
            "help_text", f"Sort order; default '{next(iter(orderings))}'."
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.order_by(*self.orderings[value or next(iter(self.orderings))])
