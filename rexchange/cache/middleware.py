"""Shared-cache headers: public responses get surrogate keys and s-maxage; anything
that could be private is marked private, so neither Varnish nor a CDN keeps it."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control

from . import keys as surrogate

CACHEABLE_STATUS = {200, 203, 300, 301, 404, 410}
# Prefixes that are never shared: the admins (previews included), documents (which
# may sit in private collections) and the health check, which must reach the app.
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/health/")
KEY_HEADER = "xkey"


def request_is_shareable(request) -> bool:
    """Could the answer to this request be the same for every reader?"""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # a signed-in editor, or someone past a page password
    return not (
        request.META.get("HTTP_AUTHORIZATION") or request.META.get("HTTP_X_API_KEY")
    )


def response_is_shareable(response) -> bool:
    """Is this response, as built, safe to hand to every reader?"""
    if response.status_code not in CACHEABLE_STATUS or response.cookies:
        return False
    if response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class SharedCacheMiddleware:
    """Tag public responses with surrogate keys; keep everything else private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_shareable(request):
            response = self.get_response(request)
            _private(response)
            return response
        with surrogate.collecting() as keys:
            response = self.get_response(request)
        if getattr(request, "cache_private", False) or not response_is_shareable(
            response
        ):
            _private(response)
            return response
        match = getattr(request, "resolver_match", None)
        if match is not None:
            keys.update(surrogate.LIST_KEYS_BY_URL_NAME.get(match.url_name, ()))
        if response.status_code in (404, 410):
            keys.add(surrogate.MISSING)
        response[KEY_HEADER] = " ".join(sorted(keys))
        patch_cache_control(
            response,
            public=True,
            s_maxage=settings.CACHE_SHARED_MAX_AGE,
            stale_while_revalidate=settings.CACHE_STALE_WHILE_REVALIDATE,
            stale_if_error=settings.CACHE_STALE_IF_ERROR,
        )
        if "max-age" not in response.get("Cache-Control", ""):
            # Browsers check back each time; the shared cache answers them.
            patch_cache_control(response, max_age=0)
        return response


def _private(response) -> None:
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return
    patch_cache_control(response, private=True)
