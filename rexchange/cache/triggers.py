"""Which keys a change touches, purged after the transaction commits.

Wagtail's signals are its API for "a page went live, stopped being live or moved",
and they fire for every route: the admin, scheduled publishing, workflows, code.
Snippets and settings are plain models, edited in the admin and by code alike, so
their saves and deletes are watched at the model.
"""

from __future__ import annotations

import logging
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import ForeignKey, ManyToManyField
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from . import keys as surrogate
from .generation import content_changed
from .purge import cache_purge_configured
from .tasks import purge

logger = logging.getLogger(__name__)


def page_change_keys(page) -> set[str]:
    """Keys a change to `page` touches: the page, the lists of its kind, 404s, and
    pages it points at (an article's events list the analysis that discusses them)."""
    keys = {surrogate.page_key(page.pk), surrogate.page_list_key(page)}
    keys.add(surrogate.MISSING)
    for field in type(page)._meta.get_fields():
        target = getattr(field, "related_model", None)
        if field.auto_created or target is None or not issubclass(target, Page):
            continue
        if isinstance(field, ForeignKey):
            target_id = getattr(page, field.attname)
            if target_id and field.name != "owner":
                keys.add(surrogate.page_key(target_id))
        elif isinstance(field, ManyToManyField):
            keys.update(
                surrogate.page_key(o.pk) for o in getattr(page, field.name).all()
            )
    return keys


def purge_after_commit(*, keys: set[str], urls: list[str] | tuple = ()) -> None:
    """Queue a purge of `keys` (and `urls`) for when the current transaction commits,
    and move the content generation on (API validators depend on it)."""
    content_changed()
    if not cache_purge_configured() or not keys:
        return
    transaction.on_commit(partial(_enqueue, sorted(keys), list(urls)), robust=True)


def _enqueue(keys: list[str], urls: list[str]) -> None:
    try:
        purge.apply_async(args=(keys, urls), retry=False)
    except Exception:  # noqa: BLE001  a broker outage must not reach the editor
        logger.warning("Broker unreachable; purging the cache in this process")
        purge.apply(args=(keys, urls))


def _frontend_urls(page) -> list[str]:
    if not settings.WAGTAILFRONTENDCACHE:
        return []
    url = page.full_url
    return [url] if url else []


def _page_changed(sender, instance, **kwargs) -> None:
    purge_after_commit(keys=page_change_keys(instance.specific_deferred))


def _page_moved(sender, instance, **kwargs) -> None:
    ids = Page.objects.descendant_of(instance, inclusive=True).values_list("pk")
    keys = page_change_keys(instance.specific_deferred)
    keys.update(surrogate.page_key(pk) for (pk,) in ids)
    purge_after_commit(keys=keys)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        keys = {
            surrogate.page_key(instance.pk),
            surrogate.page_list_key(instance),
            surrogate.MISSING,
        }
        purge_after_commit(keys=keys, urls=_frontend_urls(instance))


def _revision_saved(sender, instance, created, **kwargs) -> None:
    # A scheduled go-live or expiry; the publish itself purges again when it happens.
    if instance.approved_go_live_at is not None and str(instance.object_id).isdigit():
        purge_after_commit(keys={surrogate.page_key(int(instance.object_id))})


def _holds_defaults(instance) -> bool:
    fresh = type(instance)()
    return all(
        getattr(instance, f.attname) == getattr(fresh, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key and not f.is_relation
    )


def _object_changed(sender, instance, created=False, **kwargs) -> None:
    if created and isinstance(instance, BaseSiteSetting) and _holds_defaults(instance):
        # `for_site()` creates a site's settings row, holding the defaults, the first
        # time a page reads it: readers already saw those defaults, nothing changed.
        return
    key = surrogate.object_key(instance)
    if key is not None:
        list_key = surrogate.LIST_KEY_BY_MODEL[instance._meta.label_lower]
        purge_after_commit(keys={key, list_key})


def _restriction_or_site_changed(sender, instance, **kwargs) -> None:
    # Who may see a section, or which page roots a site, changed: API lists may
    # gain or lose rows, and the cached site (rexchange.publication.sites) is stale.
    content_changed()


def connect() -> None:
    """Purge the shared caches whenever published content changes."""
    for signal in (page_published, page_unpublished):
        signal.connect(_page_changed, dispatch_uid=f"rexchange.cache.{id(signal)}")
    # A move or a new slug gives the page and everything below it new URLs.
    post_page_move.connect(_page_moved, dispatch_uid="rexchange.cache.moved")
    page_slug_changed.connect(_page_moved, dispatch_uid="rexchange.cache.slug")
    pre_delete.connect(_page_deleted, dispatch_uid="rexchange.cache.page_deleted")
    post_save.connect(
        _revision_saved, sender=Revision, dispatch_uid="rexchange.cache.revision"
    )
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                _restriction_or_site_changed,
                sender=model,
                dispatch_uid=f"rexchange.cache.{model.__name__}.{id(signal)}",
            )
    for label in surrogate.LIST_KEY_BY_MODEL:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(
                _object_changed,
                sender=model,
                dispatch_uid=f"rexchange.cache.{label}.{id(signal)}",
            )
