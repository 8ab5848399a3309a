"""Rendered parts of a page, kept in the shared cache until published content changes.

A page that misses the HTTP cache (purged, expired, evicted, or asked for with a
query string the shared cache keeps apart) is rebuilt by Django. Most of an
article's cost is reading what it shows and rendering its blocks, and that result
is the same for every reader until something published changes. So the page's
expensive parts are stored under a key that carries:

- the content generation (rexchange.cache.generation), which moves on every
  publish, unpublish, move, snippet, report, image, comment or settings change:
  exactly the changes that purge the HTTP cache;
- the page and its live revision;
- the scheme and host the request was served under (absolute URLs follow them in
  development);
- the code version, so a deploy with new templates or blocks never serves parts
  rendered by the old code.

With each part it keeps the surrogate keys of the content it was built from, and a
hit tags the response with them, so purging works the same for a page built from
stored parts. Previews, non-GET requests and settings with PAGE_FRAGMENT_CACHE off
never read or store anything. An unreachable cache is a miss
(rexchange.cache.backends).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import wagtail
from django.conf import settings
from django.core.cache import cache

from . import keys as surrogate
from .generation import content_generation

# Our own code: apps, settings and templates. Third-party code is covered by the
# versions of the packages that render blocks.
_SOURCE_DIRS = ("articles", "policy", "readers", "rexchange", "templates")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the project's Python and template sources, read once per process."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(wagtail.__version__.encode())
    base = Path(settings.BASE_DIR)
    for directory in _SOURCE_DIRS:
        for path in sorted((base / directory).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class PageFragments:
    """The stored parts of one page for one request: `found` on a hit, otherwise
    the parts rendered so far, stored once every named part has been rendered."""

    key: str | None
    names: tuple[str, ...]
    found: dict[str, str] | None = None
    rendered: dict[str, str] = field(default_factory=dict)

    @property
    def hit(self) -> bool:
        return self.found is not None

    def render(self, name: str, render) -> str:
        """The part `name`: stored on a hit, else `render()`, kept for storing."""
        if self.found is not None and name in self.found:
            return self.found[name]
        html = render()
        if self.key is not None and self.found is None and name in self.names:
            self.rendered[name] = html
            if set(self.rendered) == set(self.names):
                self._store()
        return html

    def _store(self) -> None:
        keys = surrogate.collected()
        if keys is None:
            # A private response collects no keys; without them a later public hit
            # could not be purged, so nothing is stored.
            return
        cache.set(
            self.key,
            {"html": dict(self.rendered), "keys": sorted(keys)},
            timeout=settings.CACHE_SHARED_MAX_AGE,
        )


def page_fragments(request, page, names: tuple[str, ...]) -> PageFragments:
    """The stored parts `names` of `page` for `request`, when there are any."""
    if (
        not settings.PAGE_FRAGMENT_CACHE
        or request is None
        or getattr(request, "is_preview", False)
        or request.method not in ("GET", "HEAD")
        or not page.pk
        or not page.live
    ):
        return PageFragments(key=None, names=names)
    key = ":".join(
        (
            f"content:{content_generation()}:fragments",
            code_version(),
            str(page.pk),
            str(page.live_revision_id),
            request.scheme,
            request.get_host(),
        )
    )
    stored = cache.get(key)
    if stored is None or set(stored["html"]) != set(names):
        return PageFragments(key=key, names=names)
    surrogate.add(*stored["keys"])
    return PageFragments(key=key, names=names, found=stored["html"])
