"""Paging for API lists: page numbers, and keyset cursors that stay stable.

Both wrap results with the publication's `rights` block and cap `page_size` at 100;
a page size outside 1–100 is a 400 with a message, never silently something else.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import partial

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Q
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .shapes import RIGHTS_SCHEMA

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGE_SIZE_PARAMETER = {
    "name": "page_size",
    "required": False,
    "in": "query",
    "description": f"Results per page, 1 to {MAX_PAGE_SIZE} "
    f"(default {DEFAULT_PAGE_SIZE}).",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
}


def page_size_from(request, default: int = DEFAULT_PAGE_SIZE) -> int:
    """The requested page size, or a 400 explaining the allowed range."""
    raw = request.query_params.get("page_size")
    if raw is None:
        return default
    raw = raw.strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 3:
        size = int(raw)
        if 1 <= size <= MAX_PAGE_SIZE:
            return size
    raise ValidationError(
        {"page_size": [f"Use a whole number from 1 to {MAX_PAGE_SIZE}."]}
    )


class CountedPaginator(DjangoPaginator):
    """Django's paginator over rows whose number is already known."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages with a total count, for short, slowly changing lists."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        counted, count = getattr(view, "counted", (None, None))
        if counted is queryset:
            # The list's validator has just counted these very rows.
            self.django_paginator_class = partial(CountedPaginator, count=count)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "rights": self.view.rights,
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        wrapped = super().get_paginated_response_schema(schema)
        wrapped["properties"] = {"rights": RIGHTS_SCHEMA, **wrapped["properties"]}
        wrapped["required"] = ["rights", "count", "next", "previous", "results"]
        return wrapped

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page past the end is a 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            PAGE_SIZE_PARAMETER,
        ]

    @staticmethod
    def query_parameters(view) -> set[str]:
        """The query parameters this paginator reads."""
        return {"page", "page_size"}


@dataclass(frozen=True)
class Cursor:
    """A position in a declared ordering, and which way to read from it."""

    ordering: str
    position: list
    reverse: bool


class KeysetPagination(pagination.BasePagination):
    """Cursor pages over a declared ordering whose last field is unique.

    The cursor holds the sort key of the row it points at (signed, so it cannot be
    forged into arbitrary SQL values), and the next page is "rows after this key".
    New rows arriving elsewhere in the order never shift, repeat or skip rows on the
    pages a client is walking through.
    """

    page_size = DEFAULT_PAGE_SIZE
    cursor_query_param = "cursor"
    ordering_query_param = "ordering"
    invalid_cursor_message = "Invalid cursor"

    def _signer(self, view) -> signing.Signer:
        # No timestamp: the same position always gives the same cursor, so `next`
        # links (and with them ETags) stay put and repeated walks get 304s.
        return signing.Signer(
            salt=f"rexchange.api.cursor.{getattr(view, 'basename', '')}"
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        self.request = request
        self.page_size = page_size_from(request, self.page_size)
        orderings = view.cursor_orderings
        name = request.query_params.get(self.ordering_query_param) or next(
            iter(orderings)
        )
        if name not in orderings:
            raise ValidationError(
                {self.ordering_query_param: [f"Choose one of: {', '.join(orderings)}."]}
            )
        self.ordering_name, self.fields = name, orderings[name]
        self.cursor = self.decode_cursor(request, queryset.model)
        reverse = self.cursor.reverse if self.cursor else False
        order = [_flip(f) for f in self.fields] if reverse else list(self.fields)
        queryset = queryset.order_by(*order)
        if self.cursor is not None:
            queryset = queryset.filter(_after(order, self.cursor.position))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, self.cursor is not None
        self.page = rows
        return rows

    def decode_cursor(self, request, model) -> Cursor | None:
        """The cursor in the request, or None; a 404 when it is not one of ours."""
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            data = self._signer(self.view).unsign_object(raw)
            ordering, values, reverse = data["o"], data["p"], data["r"]
            if ordering != self.ordering_name or len(values) != len(self.fields):
                raise ValueError("cursor belongs to another ordering")
            position = [
                model._meta.get_field(f.lstrip("-")).to_python(v)
                for f, v in zip(self.fields, values, strict=True)
            ]
        except (
            signing.BadSignature,
            DjangoValidationError,
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        return Cursor(ordering=ordering, position=position, reverse=bool(reverse))

    def encode_cursor(self, row, *, reverse: bool) -> str:
        values = [getattr(row, f.lstrip("-")) for f in self.fields]
        data = {
            "o": self.ordering_name,
            "p": [_plain(v) for v in values],
            "r": int(reverse),
        }
        token = self._signer(self.view).sign_object(data, compress=True)
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, token
        )

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self.encode_cursor(self.page[-1], reverse=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:
            return remove_query_param(
                self.request.build_absolute_uri(), self.cursor_query_param
            )
        return self.encode_cursor(self.page[0], reverse=True)

    def get_paginated_response(self, data):
        return Response(
            {
                "rights": self.view.rights,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["rights", "next", "previous", "results"],
            "properties": {
                "rights": RIGHTS_SCHEMA,
                "next": {**link, "description": "The next page, or null at the end."},
                "previous": {**link, "description": "The page before, or null."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        orderings = list(getattr(view, "cursor_orderings", {}) or {"-id": ()})
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a `next` or `previous` link. "
                "A cursor that was not issued by this API is a 404.",
                "schema": {"type": "string"},
            },
            PAGE_SIZE_PARAMETER,
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": f"Sort order; default '{orderings[0]}'.",
                "schema": {"type": "string", "enum": orderings},
            },
        ]

    @staticmethod
    def query_parameters(view) -> set[str]:
        """The query parameters this paginator reads."""
        return {"cursor", "page_size", "ordering"}


def _plain(value):
    # Full precision: DjangoJSONEncoder would cut datetimes to milliseconds, and a
    # rounded key would skip rows that fall inside the lost microseconds.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def _after(order: list[str], position: list) -> Q:
    """Rows strictly after `position` in `order` (a lexicographic keyset condition)."""
    condition = Q()
    for i, field in enumerate(order):
        name = field.lstrip("-")
        term = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": position[i]})
        for earlier, value in zip(order[:i], position[:i], strict=True):
            term &= Q(**{earlier.lstrip("-"): value})
        condition |= term
    return condition
