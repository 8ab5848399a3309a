"""What every API endpoint shares: rights, strict parameters, cache validators."""

from __future__ import annotations

import hashlib
import time
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django_filters.filters import BaseCSVFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from .paging import PageNumberPagination
from .rights import publication_rights

MAX_QUERY_STRING = 4096
# A forgotten record only costs clients one full response; keep the cache lean.
CHANGE_RECORD_TTL = 24 * 3600


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint: strict query parameters, rights, ETag and Last-Modified.

    Staff endpoints set `private = True` so shared caches never keep their responses.
    """

    private = False
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

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        modified = representation_changed_at(request.get_full_path(), etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        if self.private:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response, public=True, max_age=settings.API_CACHE_MAX_AGE
            )
        return get_conditional_response(
            request,
            etag=etag,
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
