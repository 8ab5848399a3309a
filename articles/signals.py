"""Wagtail publishing hooks that keep the API's highlight read model and the change
feed current.

Signals are Wagtail's API for "a page went live / stopped being live", and they fire
for every route there: the admin, scheduled publishing, workflows and code. A
deleted article is recorded as deleted, with its highlights, before Wagtail's own
unpublish-before-delete runs; after a delete the feed records nothing more for it.
"""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from rexchange.api.changes import ChangeKind

from .models import ArticlePage
from .services import article_change_record, article_delete_record


def _article_published(sender, instance, **kwargs):
    article_change_record(article=instance, kind=ChangeKind.PUBLISH)


def _article_unpublished(sender, instance, **kwargs):
    article_change_record(article=instance, kind=ChangeKind.UNPUBLISH)


def _article_deleted(sender, instance, **kwargs):
    article_delete_record(article_id=instance.pk)


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
