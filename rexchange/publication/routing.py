"""Routing a URL to its page in two queries.

Wagtail walks the path one page at a time, reading each page and then its own type
(two queries a level). A page's `url_path` is its parent's plus its slug, so every
page on the path can be read at once; only the page the walk ends on is read as its
own type. Pages that route their own sub-paths (the tracker's routable views) stop
the walk where Wagtail's would, and route the rest themselves.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from .visibility import pages_and_sections


def routes_by_slug(route):
    """Mark a `route` override that, like Wagtail's, hands each remaining path
    component to the child with that slug (it may read the child more cheaply)."""
    route.routes_by_slug = True
    return route


def _hands_over(page: Page, rest: list[str]) -> bool:
    """Whether `page` would route `rest` to its child named `rest[0]`."""
    cls = page.specific_class
    if cls is None:
        return False
    if cls.route is Page.route or getattr(cls.route, "routes_by_slug", False):
        return True
    if issubclass(cls, RoutablePageMixin) and cls.route is RoutablePageMixin.route:
        if not page.live:
            return True  # a routable page that is not live routes like any page
        try:
            cls.get_resolver().resolve("/" + "/".join(rest) + "/")
        except Resolver404:
            return True
        return False
    return False


def route_below(root: Page, request, path_components: list[str]):
    """Route `path_components` below `root` as Wagtail would; None when the first
    component names no child (the caller's own route then answers)."""
    prefixes = [
        root.url_path + "/".join(path_components[: i + 1]) + "/"
        for i in range(len(path_components))
    ]
    # The same query reads the hidden sections, which serving the page needs next.
    chain = Q(url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth)
    found = {p.url_path: p for p in pages_and_sections(chain, request=request)}
    page, depth = root, 0
    while depth < len(path_components):
        child = found.get(prefixes[depth])
        if child is None:
            break
        if page is not root and not _hands_over(page, path_components[depth:]):
            break
        page, depth = child, depth + 1
    if page is root:
        return None
    cls = page.specific_class
    if cls is None:
        return page.route(request, path_components[depth:])
    pages = cls._default_manager.filter(pk=page.pk)
    routed = getattr(cls, "routed_queryset", None)
    specific = (routed(pages) if routed else pages).first()
    if specific is None:  # deleted meanwhile
        return page.route(request, path_components[depth:])
    return specific.route(request, path_components[depth:])
