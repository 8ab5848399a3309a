"""What every API endpoint shares: rights, strict parameters, cache validators."""

from __future__ import annotations

import hashlib
import time
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django_filters.filters import BaseCSVFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from rexchange.cache.generation import content_generation

from .paging import PageNumberPagination
from .rights import publication_rights

MAX_QUERY_STRING = 4096
# A forgotten record only costs clients one full response; keep the cache lean.
CHANGE_RECORD_TTL = 24 * 3600
# Part of every list validator: change it when list bodies change shape, so clients
# holding bodies of the old shape get the new one instead of a 304.
VALIDATOR_VERSION = "1"


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint: strict query parameters, rights, ETag and Last-Modified.

    Staff endpoints set `private = True` so shared caches never keep their responses.
    """

    private = False
    # The listed rows' latest-change column, read with their count by the list
    # validator; None where rows carry no such time (reference data), whose edits
    # reach the validator through the content generation.
    changed_field: str | None = None
    # Ids are positive integers that fit in 64 bits; other values are a 404 from the
    # router, before any database sees them (SQLite overflows on huge integers).
    lookup_value_regex = r"[0-9]{1,18}"
    pagination_class = PageNumberPagination
    filter_backends = [DjangoFilterBackend]

    @cached_property
    def rights(self) -> dict:
        """The rights block, read once per request."""
        return publication_rights()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["rights"] = self.rights
        context["served"] = getattr(self, "served", [])
        return context

    # -- parameters ------------------------------------------------------------

    def allowed_query_parameters(self) -> set[str]:
        """Parameters this action reads; anything else is a 400, not ignored."""
        if self.action != "list":
            return set()
        allowed: set[str] = set()
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        if self.paginator is not None:
            allowed |= self.paginator.query_parameters(self)
        return allowed

    def repeatable_query_parameters(self) -> set[str]:
        """Multi-value filters, which may be repeated as well as comma-separated."""
        filterset_class = getattr(self, "filterset_class", None)
        if self.action != "list" or filterset_class is None:
            return set()
        return {
            name
            for name, f in filterset_class.base_filters.items()
            if isinstance(f, BaseCSVFilter)
        }

    def check_query_parameters(self, request) -> None:
        """Reject unknown, repeated or oversized query parameters with messages."""
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            raise ValidationError(
                {"query": [f"The query string is over {MAX_QUERY_STRING} characters."]}
            )
        allowed = self.allowed_query_parameters()
        repeatable = self.repeatable_query_parameters()
        errors = {}
        for name, values in request.query_params.lists():
            key = name[:100]
            if name not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                errors[key] = [f"Unknown query parameter. Known here: {known}."]
            elif len(values) > 1 and name not in repeatable:
                errors[key] = ["Give this parameter once."]
        if errors:
            raise ValidationError(errors)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Other methods get their 405 from the handler, whatever the query says.
        if request.method in ("GET", "HEAD"):
            self.check_query_parameters(request)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.served = list(page) if page is not None else []
        return page

    def get_object(self):
        obj = super().get_object()
        self.served = [obj]
        return obj

    # -- caching ----------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        not_modified = self.answer_from_validator(queryset)
        if not_modified is not None:
            return not_modified
        page = self.paginate_queryset(queryset)
        if page is not None:
            serializer = self.get_serializer(page, many=True)
            return self.get_paginated_response(serializer.data)
        return Response(self.get_serializer(queryset, many=True).data)

    def list_validator(self, queryset, *extra: str) -> str:
        """The list's ETag, from one aggregate over its filtered rows (how many, and
        the latest change), the content generation and the request's URL; `extra`
        adds whatever else the body depends on (a date)."""
        aggregates = {"count": Count("pk")}
        if self.changed_field is not None:
            aggregates["changed"] = Max(self.changed_field)
        row = queryset.order_by().aggregate(**aggregates)
        # The same rows' count, for the page's total: paging this queryset then
        # needs no COUNT of its own (rexchange.api.paging).
        self.counted = (queryset, row["count"])
        renderer = getattr(self.request, "accepted_renderer", None)
        parts = [
            VALIDATOR_VERSION,
            content_generation(),
            self.request.get_full_path(),
            getattr(renderer, "format", ""),
            str(row["count"]),
            str(row.get("changed")),
            *extra,
        ]
        digest = hashlib.sha256("\n".join(parts).encode("utf-8", "replace"))
        return f'"{digest.hexdigest()[:32]}"'

    def answer_from_validator(self, queryset, *extra: str):
        """A 304 built from the list validator alone, before any row is read and
        serialized; None when the body has to be built (the validator is then kept
        for the 200's ETag)."""
        request = self.request
        self.validator = self.list_validator(queryset, *extra)
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH", "").strip()
        if if_none_match == "*" or not (
            if_none_match or request.META.get("HTTP_IF_MODIFIED_SINCE")
        ):
            return None
        modified = representation_changed_at(request.get_full_path(), self.validator)
        response = get_conditional_response(
            request, etag=self.validator, last_modified=modified
        )
        if response is None or response.status_code != 304:
            return None
        self._validator_headers(response, modified)
        return response

    def _validator_headers(self, response, modified: int) -> None:
        response["ETag"] = self.validator
        response["Last-Modified"] = http_date(modified)
        if self.private:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response, public=True, max_age=settings.API_CACHE_MAX_AGE
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        validator = getattr(self, "validator", None)
        if validator is None:
            # Details: the ETag is a hash of the body.
            response.render()
            self.validator = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        modified = representation_changed_at(request.get_full_path(), self.validator)
        self._validator_headers(response, modified)
        return get_conditional_response(
            request,
            etag=self.validator,
            last_modified=modified,
            response=response,
        )


def representation_changed_at(path: str, etag: str) -> int:
    """When the response at `path` last changed, as observed: a Unix time.

    Kept per URL in the shared cache as (ETag, time). A new ETag means a new body, so
    the time moves to now, and at least a second past the previous time, since HTTP
    dates have whole seconds. Item timestamps cannot say when something was
    unpublished or deleted; a lost cache entry only makes the time newer (a spurious
    200), never older (a wrong 304).
    """
    key = "api:changed:" + hashlib.sha256(path.encode("utf-8", "replace")).hexdigest()
    seen = cache.get(key)
    valid = isinstance(seen, tuple) and len(seen) == 2
    if valid and seen[0] == etag:
        return int(seen[1])
    changed = int(time.time())
    if valid:
        changed = max(changed, int(seen[1]) + 1)
    cache.set(key, (etag, changed), timeout=CHANGE_RECORD_TTL)
    return changed
