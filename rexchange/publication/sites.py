"""The site a request is for, read from the shared cache instead of the database.

Wagtail looks the site up (and then its root page's type) on every page request;
both change only when an editor edits a site or publishes, which moves the content
generation (rexchange.cache.generation) and with it this cache's key.
"""

from __future__ import annotations

from django.http.request import split_domain_port
from wagtail.models import Site

from rexchange.cache import keys as surrogate_keys
from rexchange.cache.generation import generation_cached, read_once

# Requests that never read the site: keep them off the cache entirely (the API's
# schema and docs are built from code alone, and tests load them with no database).
_SKIP_PREFIXES = ("/static/", "/media/", "/health/", "/api/schema/", "/api/docs/")


def _site_for(request) -> Site | bool:
    site = Site._find_for_request(request)
    if site is None:
        return False  # cached as "no site", since None means "not cached"
    # The root page as its own type, so routing starts without another query.
    site.root_page = site.root_page.specific
    return site


class CachedSiteMiddleware:
    """Give Wagtail the request's site, and its root page, from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with read_once():
            return self._serve(request)

    def _serve(self, request):
        if not request.path.startswith(_SKIP_PREFIXES):
            host = split_domain_port(request._get_raw_host())[0]
            name = f"site:{host}:{request.get_port()}"
            site = generation_cached(name, lambda: _site_for(request))
            request._wagtail_site = site or None
            if site:
                # As if the root page had been loaded here: its changes purge us.
                surrogate_keys.add(surrogate_keys.page_key(site.root_page_id))
        return self.get_response(request)
