"""Admin login protection: django-axes counts failed logins per username and address."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class LoginAttemptBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out username and address; authenticates nobody."""

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        # Every login form (Wagtail's, Django admin's) passes the request. Calls without
        # one come from code, not from someone guessing at a form: the shell, the test
        # client's login(), management commands. There is no address to count, so let
        # the next backend decide instead of raising.
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so with N proxies
    the client is the N-th entry from the right; anything further left is what the
    client claimed and cannot be trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [
            h.strip()
            for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if h.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
