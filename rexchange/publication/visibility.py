"""Which pages readers may reach: the one rule every reference to a page obeys.

A page is visible when it is live, public (no view restriction on it or on an
ancestor: password, login or groups) and every ancestor is live. Citations, embeds,
related events, what came next, the previous event, feeds, the sitemap, search, the
API and page serving all ask here, so a draft section or a password-protected event
never shows up through a side door.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


@dataclass(frozen=True)
class _Sections:
    """The tops of the sections readers may not reach, by tree path."""

    unpublished: tuple[str, ...]
    restricted: tuple[str, ...]

    def q(self) -> Q:
        """The hidden sections as path prefixes: for search, whose backends filter
        on plain field lookups and cannot run a subquery."""
        hidden = Q()
        for path in (*self.unpublished, *self.restricted):
            hidden |= Q(path__startswith=path)
        # With nothing hidden, a filter that matches no page, so `exclude` keeps all.
        return hidden if hidden else Q(pk__in=[])

    def hides(self, page: Page) -> bool:
        """Whether readers may not see `page`: not live, or in a hidden section."""
        return not page.live or any(
            page.path.startswith(path) for path in (*self.unpublished, *self.restricted)
        )

    def restricts(self, page: Page) -> bool:
        """Whether a view restriction applies to `page`, on it or an ancestor."""
        return any(page.path.startswith(path) for path in self.restricted)

    def under_unpublished(self, page: Page) -> bool:
        return any(
            page.path.startswith(path) and page.path != path
            for path in self.unpublished
        )


def _section_top() -> Q:
    """The pages whose sections readers may not reach: restricted ones, and ones not
    live that have children."""
    restricted = PageViewRestriction.objects.values("page_id")
    # An alias answers to its source's restrictions (as Wagtail's own check does).
    return (
        Q(live=False, numchild__gt=0)
        | Q(pk__in=restricted)
        | Q(alias_of_id__in=restricted)
    )


def _section_tops():
    return Page.objects.filter(_section_top())


def _sections_from(rows) -> _Sections:
    return _Sections(
        unpublished=tuple(path for path, live in rows if not live),
        restricted=tuple(path for path, live in rows if live),
    )


def pages_and_sections(pages: Q, *, request) -> list[Page]:
    """The pages matching `pages`, read in one query with the hidden sections, which
    are kept on the request for every later visibility decision it makes."""
    if request is None or hasattr(request, "_hidden_sections"):
        return list(Page.objects.filter(pages))
    top = _section_top()
    rows = list(
        Page.objects.filter(pages | top).annotate(
            wanted=ExpressionWrapper(pages, output_field=BooleanField()),
            section_top=ExpressionWrapper(top, output_field=BooleanField()),
        )
    )
    request._hidden_sections = _sections_from(
        [(p.path, p.live) for p in rows if p.section_top]
    )
    return [p for p in rows if p.wanted]


def _sections(request=None) -> _Sections:
    if request is not None and hasattr(request, "_hidden_sections"):
        return request._hidden_sections
    sections = _sections_from(_section_tops().values_list("path", "live"))
    if request is not None:
        request._hidden_sections = sections
    return sections


def hidden_sections(*, request=None) -> Q:
    """Pages readers may not reach through their section, as one filter: everything
    at or under a view-restricted page or a page with children that is not live.

    The filter is a subquery (a page is hidden when a section top's path begins its
    own), so it costs no query of its own: the ancestor checks run inside the query
    that lists the pages. `request` is accepted for callers that pass it.
    """
    tops = _section_tops().filter(path=Substr(OuterRef("path"), 1, Length("path")))
    return Q(Exists(tops))


def section_rule(*, request=None) -> _Sections:
    """The hidden sections read into memory (one query, once per request), for
    deciding about pages already loaded without asking the database again."""
    return _sections(request)


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
    The sections read here are kept on the request for the page's own reads, and
    spare Wagtail's restriction check its two queries when none can apply.
    """
    sections = _sections(request)
    if sections.under_unpublished(page):
        raise Http404
    if not sections.restricts(page) and page.alias_of_id is None:
        # Wagtail asks the page for the restrictions on it and its ancestors (two
        # queries); the sections just read already say there are none.
        page.get_view_restrictions = PageViewRestriction.objects.none
