"""Who may call the API and how often: API keys, staff access, shared rate limits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from .keys import ApiKey, api_key_find, api_key_touch

AUTH_SCHEME = "Api-Key"


def presented_api_key(request) -> str | None:
    """The key a request carries in `Authorization: Api-Key …` or `X-Api-Key`."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() == AUTH_SCHEME.lower():
        return credentials.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip() or None


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticate by API key; anonymous requests pass through unauthenticated."""

    def authenticate(self, request):
        raw = presented_api_key(request)
        if raw is None:
            return None
        failures = FailedKeyThrottle()
        # An address that keeps guessing is refused before any look-up.
        failures.refuse_if_exhausted(request)
        # Real keys are 46 characters; anything far off is not worth a query.
        key = api_key_find(raw=raw) if 0 < len(raw) <= 200 else None
        if key is None or not key.is_active:
            failures.count(request)
        if key is None:
            raise exceptions.AuthenticationFailed("Unknown API key.")
        if not key.is_active:
            raise exceptions.AuthenticationFailed("This API key has been revoked.")
        api_key_touch(key=key)
        user = key.user if key.user is not None and key.user.is_active else None
        return (user or AnonymousUser(), key)

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 without a key.
        return AUTH_SCHEME


class HasStaffApiKey(BasePermission):
    """Staff endpoints: the request carries a key owned by an active staff user."""

    message = "This endpoint needs an API key that belongs to a staff user."

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            raise exceptions.NotAuthenticated(
                "This endpoint needs an API key: send 'Authorization: Api-Key <key>'."
            )
        return key.grants_staff_access


class SharedRateThrottle(SimpleRateThrottle):
    """A fixed-window request counter kept in the shared cache (Redis in production).

    DRF's stock throttles read, modify and write a list of timestamps, so two server
    processes can both let a request through; an atomic `incr` per window cannot.
    """

    cache_format = "throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        # Read at request time (not import time) so settings overrides apply.
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        key = f"{self.key}:{window}"
        self.wait_seconds = (window + 1) * self.duration - now
        # The key outlives its window a little so a slow request cannot recreate it.
        self.cache.add(key, 0, timeout=self.duration + 5)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.add(key, 1, timeout=self.duration + 5)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(self.wait_seconds, 1)


class AnonymousRateThrottle(SharedRateThrottle):
    """Requests without a key, counted per client address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class ApiKeyRateThrottle(SharedRateThrottle):
    """Requests with a key, counted per key wherever they come from."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class FailedKeyThrottle(SharedRateThrottle):
    """Unknown or revoked keys, counted per client address at the anonymous rate.

    Authentication runs before DRF's throttles, so without this a client could try
    keys (and cost a database look-up each) as fast as it liked: every failed
    look-up counts here, and past the limit the address gets a 429 before any
    look-up, as an anonymous client would.
    """

    scope = "anon"
    cache_format = "throttle:failed_key:%(ident)s"

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": self.get_ident(request)}

    def _window_key(self, request) -> str:
        now = self.timer()
        window = int(now // self.duration)
        self.wait_seconds = (window + 1) * self.duration - now
        return f"{self.get_cache_key(request, None)}:{window}"

    def refuse_if_exhausted(self, request) -> None:
        """429 when this address has used up its failed look-ups for the window."""
        if self.rate is None:
            return
        if self.cache.get(self._window_key(request), 0) >= self.num_requests:
            raise exceptions.Throttled(wait=self.wait())

    def count(self, request) -> None:
        """Record one failed look-up for this address."""
        if self.rate is not None:
            self.allow_request(request, None)
