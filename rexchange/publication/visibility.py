"""Which pages readers may reach: the one rule every reference to a page obeys.

A page is visible when it is live, public (no view restriction on it or on an
ancestor: password, login or groups) and every ancestor is live. Citations, embeds,
related events, what came next, the previous event, feeds, the sitemap, search, the
API and page serving all ask here, so a draft section or a password-protected event
never shows up through a side door.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


@dataclass(frozen=True)
class _Sections:
    """The tops of the sections readers may not reach, by tree path."""

    unpublished: tuple[str, ...]
    restricted: tuple[str, ...]

    def q(self) -> Q:
        hidden = Q()
        for path in (*self.unpublished, *self.restricted):
            hidden |= Q(path__startswith=path)
        # With nothing hidden, a filter that matches no page, so `exclude` keeps all.
        return hidden if hidden else Q(pk__in=[])

    def under_unpublished(self, page: Page) -> bool:
        return any(
            page.path.startswith(path) and page.path != path
            for path in self.unpublished
        )


def _sections(request=None) -> _Sections:
    if request is not None and hasattr(request, "_hidden_sections"):
        return request._hidden_sections
    restricted = PageViewRestriction.objects.values("page_id")
    rows = Page.objects.filter(
        Q(live=False, numchild__gt=0) | Q(pk__in=restricted)
    ).values_list("path", "live")
    sections = _Sections(
        unpublished=tuple(path for path, live in rows if not live),
        restricted=tuple(path for path, live in rows if live),
    )
    if request is not None:
        request._hidden_sections = sections
    return sections


def hidden_sections(*, request=None) -> Q:
    """Pages readers may not reach through their section, as one filter: everything
    at or under a view-restricted page or a page with children that is not live.

    Reading it costs one query; given the request, it is read once per request.
    """
    return _sections(request).q()


def pages_visible(pages: PageQuerySet, *, hidden: Q | None = None) -> PageQuerySet:
    """The pages of `pages` that readers may see.

    `hidden` is what `hidden_sections()` returned, for callers that already read it.
    """
    return pages.live().exclude(hidden_sections() if hidden is None else hidden)


def page_is_visible(page: Page) -> bool:
    """Whether readers may see this one page (two queries at most)."""
    if not page.live:
        return False
    if page.get_view_restrictions().exists():
        return False
    return not page.get_ancestors().filter(live=False).exists()


def page_serve_guard(page: Page, *, request=None) -> None:
    """404 for a live page whose section is not live: its parent 404s, so must it.

    View restrictions are left to Wagtail, which asks for the password or login.
    The sections read here are kept on the request for the page's own reads.
    """
    if _sections(request).under_unpublished(page):
        raise Http404
