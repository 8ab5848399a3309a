"""The Content-Security-Policy middleware: one strict policy, relaxed for the admin."""

from __future__ import annotations

from functools import cache

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

# The Wagtail admin writes inline <script> blocks (page editor, explorer), which a
# browser blocks under `script-src 'self'`. Only admin pages, used by signed-in staff,
# get 'unsafe-inline' scripts; reader pages keep the strict policy.
ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE]}


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding inline scripts for Wagtail admin pages only."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(_admin_prefix()):
            parts.update = {**(parts.update or {}), **ADMIN_UPDATE}
        return parts
