"""Admin registration for the editorial snippets, and what the articles app adds to
policy pages (the analysis that discusses an event)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from policy.models.events import EVENT_CONTEXT_HOOK, TRACKER_CONTEXT_HOOK
from rexchange.cache import keys as surrogate

from .models import Author, Topic
from .selectors import (
    ANALYSIS_ON_MATERIAL_PAGES,
    article_discussing_event_list,
    article_listed_queryset,
    article_on_event_materials_list,
)


class AuthorViewSet(SnippetViewSet):
    """Authors credited in bylines."""

    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]


class TopicViewSet(SnippetViewSet):
    """Topics articles are filed under."""

    model = Topic
    icon = "tag"
    menu_label = "Topics"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
register_snippet(TopicViewSet)


@hooks.register(EVENT_CONTEXT_HOOK)
def event_discussed_in(*, page, request):
    """The event page lists the analysis that discusses the event, then other
    analysis on the same materials."""
    discussed_in = article_discussing_event_list(event=page, request=request)
    return {
        "discussed_in": discussed_in,
        "related_analysis": article_on_event_materials_list(
            event=page, exclude_ids=[a.pk for a in discussed_in], request=request
        ),
    }


@hooks.register(TRACKER_CONTEXT_HOOK)
def material_analysis(*, page, request, fixed, filters, per_page):
    """A material's page lists the analysis of its events and links its feeds."""
    if fixed != "material":
        return {}
    material = filters["materials"]
    # New analysis of the material must reach the cached page.
    surrogate.add("articles")
    feed_title = f"{material.name}: events and analysis"
    return {
        "material_analysis": list(
            article_listed_queryset(material=material)[:ANALYSIS_ON_MATERIAL_PAGES]
        ),
        "feeds": [
            {
                "type": "application/rss+xml",
                "url": reverse("feed_material_rss", args=(material.slug,)),
                "title": f"{feed_title} (RSS)",
            },
            {
                "type": "application/atom+xml",
                "url": reverse("feed_material_atom", args=(material.slug,)),
                "title": f"{feed_title} (Atom)",
            },
        ],
    }


@hooks.register("insert_editor_js")
def character_count_js():
    """Live character counts on highlights (and any field with data-count-limit)."""
    return format_html('<script src="{}"></script>', static("js/character-count.js"))
