"""Wagtail publishing hooks that keep the API's highlight read model and the change
feed current.

Signals are Wagtail's API for "a page went live / stopped being live", and they fire
for every route there: the admin, scheduled publishing, workflows and code. A
deleted article is recorded as deleted, with its highlights, before Wagtail's own
unpublish-before-delete runs; after a delete the feed records nothing more for it.
The feed shows consumers what readers see: an article behind a view restriction or
in an unpublished section is recorded as unpublished, also when the restriction or
the unpublishing comes later, and as published when readers get it back.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from rexchange.api.changes import ChangeKind

from .models import ArticlePage
from .services import (
    article_change_record,
    article_delete_record,
    article_visibility_sync,
)


def _article_published(sender, instance, **kwargs):
    article_change_record(article=instance, kind=ChangeKind.PUBLISH)


def _article_unpublished(sender, instance, **kwargs):
    article_change_record(article=instance, kind=ChangeKind.UNPUBLISH)


def _article_deleted(sender, instance, **kwargs):
    article_delete_record(article_id=instance.pk)


def _section_published_or_unpublished(sender, instance, **kwargs):
    # Articles under a page that went live or away appear to readers or disappear.
    if instance.numchild and not isinstance(instance, ArticlePage):
        article_visibility_sync(section_id=instance.pk)


def _restriction_changed(sender, instance, **kwargs):
    # A password or group restriction added, changed or removed on a section.
    article_visibility_sync(section_id=instance.page_id)


def connect() -> None:
    """Subscribe the highlight read model and the feed to articles' lifecycle."""
    page_published.connect(
        _article_published, sender=ArticlePage, dispatch_uid="articles.published"
    )
    page_unpublished.connect(
        _article_unpublished, sender=ArticlePage, dispatch_uid="articles.unpublished"
    )
    pre_delete.connect(
        _article_deleted, sender=ArticlePage, dispatch_uid="articles.deleted"
    )
    page_published.connect(
        _section_published_or_unpublished, dispatch_uid="articles.section_published"
    )
    page_unpublished.connect(
        _section_published_or_unpublished,
        dispatch_uid="articles.section_unpublished",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"articles.restriction.{signal is post_save}",
        )
