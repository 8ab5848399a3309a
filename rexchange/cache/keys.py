"""Surrogate keys: names for the content a response was built from.

Every model instance loaded while a public response is built adds its key, so a
response is tagged with exactly the pages and snippets it rendered, however the view
reached them. List keys ("articles", "events", ...) tag responses that list a kind of
content, so publishing something new reaches every list it may now appear in.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db.models.signals import post_init
from wagtail.models import Page

# The key of every 404, purged on any publish or move: a page can appear at a URL
# that answered "not found" a moment ago.
MISSING = "missing"
# Pages other than articles and events (home, analysis index, tracker) are few and
# appear in the navigation of every HTML page.
SECTIONS = "sections"
# The publication's settings: name, tagline and rights line on every response.
SETTINGS = "settings"
SETTINGS_MODEL = "rexchange.publicationsettings"

# Models whose instances tag responses, by label, with the list key of their kind.
# Saving or deleting one purges its own key and the list key.
LIST_KEY_BY_MODEL = {
    "articles.author": "authors",
    "articles.topic": "topics",
    "policy.regulator": "regulators",
    "policy.material": "materials",
    "policy.instrument": "instruments",
    "policy.report": "reports",
    "policy.annotation": "reports",
    SETTINGS_MODEL: SETTINGS,
    "wagtailimages.image": "images",
}
LIST_KEY_BY_PAGE_TYPE = {
    "articles.articlepage": "articles",
    "policy.licenceeventpage": "events",
}
# Read models copied from a page on publish: they stand for their page.
PAGE_FIELD_BY_READ_MODEL = {
    "articles.highlight": "article_id",
    "policy.licenceeventfact": "event_id",
}

_collected: ContextVar[set[str] | None] = ContextVar("surrogate_keys", default=None)


def page_key(page_id: int) -> str:
    """The key of one page, whatever its type."""
    return f"page-{page_id}"


def object_key(instance) -> str | None:
    """The key an instance contributes to a response, or None if it has none."""
    if instance.pk is None:
        return None
    if isinstance(instance, Page):
        return page_key(instance.pk)
    label = instance._meta.label_lower
    if label == SETTINGS_MODEL:
        return SETTINGS  # one key, whichever site: a settings save purges it
    if label in LIST_KEY_BY_MODEL:
        return f"{instance._meta.model_name}-{instance.pk}"
    field = PAGE_FIELD_BY_READ_MODEL.get(label)
    if field is not None:
        return page_key(getattr(instance, field))
    return None


def page_list_key(page) -> str:
    """The list key of a page's kind: "articles", "events" or "sections"."""
    return LIST_KEY_BY_PAGE_TYPE.get(page.specific_class._meta.label_lower, SECTIONS)


def _loaded(sender, instance, **kwargs) -> None:
    keys = _collected.get()
    if keys is not None:
        key = object_key(instance)
        if key is not None:
            keys.add(key)


def connect() -> None:
    """Tag responses with every keyed instance loaded while they are built."""
    post_init.connect(_loaded, dispatch_uid="rexchange.cache.keys.loaded")


class collecting:
    """Collect keys while a response is built: `with collecting() as keys: ...`."""

    def __enter__(self) -> set[str]:
        self.keys: set[str] = set()
        self._token = _collected.set(self.keys)
        return self.keys

    def __exit__(self, *exc) -> None:
        _collected.reset(self._token)


def collected() -> frozenset[str] | None:
    """The keys collected so far for the response being built; None when the
    response is not being tagged (a private one)."""
    keys = _collected.get()
    return None if keys is None else frozenset(keys)


def add(*keys: str) -> None:
    """Tag the response being built with extra keys (list keys, mostly)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


# What each route lists, beyond the objects it loads. Wagtail pages by type (added
# when the page is served, see rexchange/wagtail_hooks.py), Django views and API
# lists by URL name.
LIST_KEYS_BY_SERVED_PAGE = {
    "articles.homepage": ("articles", "events"),
    "articles.articleindexpage": ("articles", "topics"),
    "policy.policytrackerpage": ("events", "regulators", "materials", "instruments"),
    # Both end with related analysis: any piece published may now belong there.
    "articles.articlepage": ("articles",),
    "policy.licenceeventpage": ("events", "articles"),
}
_ALL_LISTS = (
    "articles",
    "events",
    SECTIONS,
    *sorted(set(LIST_KEY_BY_MODEL.values()) - {"settings", "images"}),
)
LIST_KEYS_BY_URL_NAME = {
    "search": ("articles", "events"),
    "topics": ("topics", "articles"),
    "topic": ("topics", "articles"),
    "authors": ("authors", "articles"),
    "author": ("authors", "articles"),
    "materials": ("materials", SECTIONS),
    "material": ("materials", SECTIONS),
    "regulators": ("regulators", "events", "articles"),
    "regulator": ("regulators", "events", "articles"),
    "feed_analysis_rss": ("articles",),
    "feed_analysis_atom": ("articles",),
    "feed_topic_rss": ("articles", "topics"),
    "feed_topic_atom": ("articles", "topics"),
    "feed_events_rss": ("events",),
    "feed_events_atom": ("events",),
    "feed_material_rss": ("events", "materials"),
    "feed_material_atom": ("events", "materials"),
    "sitemap": _ALL_LISTS,
    "article-list": ("articles",),
    "highlight-list": ("articles",),
    "event-list": ("events",),
    "regulator-list": ("regulators",),
    "material-list": ("materials",),
    "instrument-list": ("instruments",),
    "report-list": ("reports",),
    "annotation-list": ("reports",),
    "comment-list": ("comments",),
}


def served_page_list_keys(page) -> tuple[str, ...]:
    """List keys for a Wagtail page being served: what it lists, and the nav."""
    label = page.specific_class._meta.label_lower
    return (*LIST_KEYS_BY_SERVED_PAGE.get(label, ()), SECTIONS)
