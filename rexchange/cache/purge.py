"""Send purges to the shared caches: surrogate keys to each Varnish, page URLs to
Wagtail's frontend cache (for a CDN that only purges by URL)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

# A purge request carries keys in one header; keep it well under Varnish's limits.
KEYS_PER_REQUEST = 200
PURGE_TIMEOUT = httpx.Timeout(2.0)


class PurgeFailed(Exception):
    """A cache could not be reached or refused the purge; the caller may retry."""


def cache_purge_configured() -> bool:
    """Is there any cache to purge? Without one, changes need no purge at all."""
    return bool(settings.CACHE_PURGE_URLS or settings.WAGTAILFRONTENDCACHE)


def cache_purge(*, keys: Iterable[str] = (), urls: Iterable[str] = ()) -> int:
    """Purge every object tagged with any of `keys` from every Varnish, and `urls`
    from Wagtail's frontend-cache backends. Returns how many objects Varnish dropped.

    Raises PurgeFailed when a Varnish cannot be reached or refuses.
    """
    keys = sorted(set(keys))
    dropped = 0
    for cache_url in settings.CACHE_PURGE_URLS:
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            batch = keys[start : start + KEYS_PER_REQUEST]
            dropped += _purge_keys(cache_url, batch)
    urls = sorted(set(urls))
    if urls and settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(urls)
    return dropped


def _purge_keys(cache_url: str, keys: list[str]) -> int:
    try:
        response = httpx.request(
            "PURGE",
            cache_url,
            headers={"xkey-purge": " ".join(keys)},
            timeout=PURGE_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        raise PurgeFailed(f"{cache_url}: {exc}") from exc
    if response.status_code != 200:
        raise PurgeFailed(f"{cache_url}: HTTP {response.status_code}")
    try:
        return int(response.headers.get("x-purged", "0"))
    except ValueError:
        return 0
