"""Absolute URLs: the host and port that served the request in development, the
configured Wagtail site in production.

Canonical links, `og:url`, JSON-LD, the sitemap, feeds and the API's `url` fields all
name the publication's address. In development (`make run` on any `PORT`) that is
whatever served the request. In production it is the Wagtail `Site` (hostname and port
under Settings → Sites): a response stored by Varnish is shared by every reader, so it
must not carry a host some request made up.

`ABSOLUTE_URLS_FOLLOW_REQUEST` (on in `rexchange.settings.dev`, off everywhere else)
chooses between the two.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def urls_follow_request() -> bool:
    """True when absolute URLs take the request's host (development only)."""
    return getattr(settings, "ABSOLUTE_URLS_FOLLOW_REQUEST", False)


def configured_root_url(request=None) -> str:
    """The configured site's scheme, host and port, e.g. `https://example.org`: the
    Wagtail site that answers `request` (the default site for a host no site names),
    else `WAGTAILADMIN_BASE_URL`."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url


def site_root_url(request=None) -> str:
    """The scheme, host and port every absolute URL in a response starts with."""
    if request is not None and urls_follow_request():
        return f"{request.scheme}://{request.get_host()}"
    return configured_root_url(request)


def absolute_url(url: str, *, request=None) -> str:
    """`url` (a path, or already absolute) as an absolute URL on the site."""
    if urlsplit(url).scheme:
        return url
    return site_root_url(request) + url


def site_domain_and_scheme(request=None) -> tuple[str, str]:
    """The host (with its port) and the scheme of the site root, for frameworks that
    take them apart (sitemaps)."""
    parts = urlsplit(site_root_url(request))
    return parts.netloc, parts.scheme


class SiteRootMiddleware:
    """Outside development, `request.build_absolute_uri()` names the configured site.

    Django builds absolute URIs from the request's Host header (the cached
    `HttpRequest._current_scheme_host`); Django REST framework's paging links, the
    robots.txt sitemap line and Wagtail's fallbacks all go through it. Setting it
    here, lazily so a request that builds no absolute URL pays no query, makes every
    one of them name the configured site instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not urls_follow_request():
            request._current_scheme_host = SimpleLazyObject(
                lambda: configured_root_url(request)
            )
        return self.get_response(request)


class SiteRootUrlMixin:
    """Page URLs on the site root of `site_root_url`: in development, the host and
    port that served the request rather than the Site record's."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None or parts[1] is None or request is None:
            return parts
        if not urls_follow_request() or not hasattr(request, "get_host"):
            return parts
        site_id, _, page_path = parts
        return site_id, site_root_url(request), page_path
