"""Filter building blocks every API FilterSet uses.

Request parameters reach the ORM only through these declared filters: each one
validates its input into typed values (or a 400 with a message for that parameter)
before any query is built.
"""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.datastructures import MultiValueDict
from django_filters.widgets import CSVWidget
from drf_spectacular.utils import extend_schema_field

MAX_VALUES = 50
MAX_TEXT = 200
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)

MAX_ID = 10**18 - 1  # the 18 digits ids may have
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

_no_nul = ProhibitNullCharactersValidator()


MULTI_VALUE_HELP = (
    "Several values match any of them: repeat the parameter (?p=a&p=b) or "
    "separate them with commas (?p=a,b)."
)


def _multi_value_description(help_text) -> str:
    return f"{help_text or ''} {MULTI_VALUE_HELP}".strip()


def _split(values) -> list[str]:
    """Repeated and comma-separated input as one list of distinct, trimmed,
    non-empty values."""
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [values]
    values = [part for value in values for part in str(value).split(",")]
    seen: dict[str, None] = {}
    for value in values:
        _no_nul(value)
        value = value.strip()
        if value:
            seen.setdefault(value, None)
    if len(seen) > MAX_VALUES:
        raise ValidationError(f"Give at most {MAX_VALUES} values.", code="too_many")
    return list(seen)


class RepeatedCSVWidget(CSVWidget):
    """Reads every occurrence of a parameter; each may hold a comma list."""

    def value_from_datadict(self, data, files, name):
        if isinstance(data, MultiValueDict):
            return data.getlist(name) or None
        value = data.get(name)
        return [value] if value not in (None, "") else None


class ModelCSVField(forms.ModelMultipleChoiceField):
    """A list of ids or slugs, each well formed. Values that name nothing are kept:
    they match nothing, as a search would (the rule for every endpoint)."""

    widget = RepeatedCSVWidget
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
        else:
            if len(max(values, key=len)) > MAX_TEXT:
                raise ValidationError(f"Values are at most {MAX_TEXT} characters long.")
            for item in values:
                if not SLUG.fullmatch(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item[:80]},
                    )
        key = self.to_field_name or "pk"
        # Lazy: the filter uses it as a subquery, and an empty result is still a
        # given value (it matches nothing), unlike no value at all.
        return self.queryset.filter(**{f"{key}__in": values})


class _CSVPassthrough:
    """Lets BaseCSVFilter describe a parameter as a comma list without re-wrapping."""


class ModelCSVFilter(django_filters.filters.BaseCSVFilter, django_filters.Filter):
    """Match any of several related objects (OR), repeated or as a comma list.

    Only objects in the filter's queryset count, so a draft event's id matches
    nothing, exactly like an id that never existed. Filtering goes through a
    subquery on primary keys, so a to-many relation never duplicates a row and
    results stay countable and cursor-pageable.
    """

    base_field_class = _CSVPassthrough
    field_class = ModelCSVField

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(*args, **kwargs)
        if kwargs.get("to_field_name") == "slug":
            schema = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
        else:
            schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        extend_schema_field(
            {
                **schema,
                "description": _multi_value_description(self.extra.get("help_text")),
            }
        )(self)

    def get_queryset(self, request):
        queryset = self.queryset
        return queryset(request) if callable(queryset) else queryset

    @property
    def field(self):
        request = getattr(self.parent, "request", None)
        self.extra["queryset"] = self.get_queryset(request)
        return super().field

    def filter(self, qs, value):
        if value is None or isinstance(value, list):
            return qs  # no value given
        matching = qs.model._base_manager.filter(
            **{f"{self.field_name}__in": value.values("pk")}
        ).values("pk")
        return qs.filter(pk__in=matching)


class ChoiceCSVField(forms.MultipleChoiceField):
    """A comma-separated list of choices."""

    widget = RepeatedCSVWidget
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
    """Match any of several choices (OR), repeated or as a comma list."""

    base_field_class = _CSVPassthrough
    field_class = ChoiceCSVField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [str(value) for value, _ in self.extra["choices"]]
        extend_schema_field(
            {
                "type": "string",
                "enum": choices,
                "description": _multi_value_description(self.extra.get("help_text")),
            }
        )(self)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class BoundedDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time, clamped to years 1900–8999 so no database overflows."""

    def clean(self, value):
        if isinstance(value, str) and not value.strip():
            # Present but empty is not "no filter": the schema says date-time.
            raise ValidationError("Give an ISO 8601 date-time, or leave this out.")
        value = super().clean(value)
        if value is None:
            return None
        # Converted to UTC here: RFC 3339 allows offsets up to ±23:59, PostgreSQL's
        # timestamptz takes ±15:59 at most.
        try:
            in_utc = value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            # Beyond what datetime holds: as far as the database goes.
            return EARLIEST if value.year < 2000 else LATEST
        # Any valid date-time is accepted; the database stores years 1900–8999,
        # and nothing here is older or newer than that, so clamp.
        return min(max(in_utc, EARLIEST), LATEST)


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time, e.g. 2025-10-09T00:00:00Z; a date alone means midnight."""

    field_class = BoundedDateTimeField


class RequiredIfGivenDateField(forms.DateField):
    """A date; present but empty is a 400, as the schema's format says."""

    def clean(self, value):
        if isinstance(value, str) and not value.strip():
            raise ValidationError("Give a date (YYYY-MM-DD), or leave this out.")
        return super().clean(value)


class DateFilter(django_filters.DateFilter):
    """A calendar date, YYYY-MM-DD."""

    field_class = RequiredIfGivenDateField


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
