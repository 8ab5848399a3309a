"""The main navigation: the home page's live, in-menu children."""

from django import template
from wagtail.models import Page, Site

from rexchange.cache.generation import generation_cached
from rexchange.publication.visibility import hidden_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav_items(context) -> list[dict]:
    """Live children of the site root marked 'show in menus', as title and URL.

    Every page shows them: they are kept in the shared cache until content next
    changes (a publish, unpublish or move moves the content generation).
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def items():
        pages = (
            Page.objects.child_of(site.root_page)
            .live()
            .exclude(hidden_sections(request=request))
            .in_menu()
        )
        return [{"title": p.title, "url": p.get_url(request)} for p in pages]

    return generation_cached(f"main-nav:{site.pk}", items)
