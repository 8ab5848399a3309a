"""Absolute URLs in templates, on the site root `rexchange.publication.absolute_urls`
chooses (the request's host in development, the configured site in production)."""

from django import template

from rexchange.publication.absolute_urls import absolute_url as _absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """`url` (a path) as an absolute URL: `{% absolute_url request.path %}`."""
    return _absolute_url(url, request=context.get("request"))


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The canonical address of what is rendered: `canonical_path` when the view
    gives one (a page's sub-route, such as a material under the tracker), else the
    page's own URL; empty when there is neither."""
    request = context.get("request")
    path = context.get("canonical_path")
    if path:
        return _absolute_url(path, request=request)
    page = context.get("page")
    if page is None or not hasattr(page, "get_full_url"):
        return ""
    return page.get_full_url(request=request) or ""
