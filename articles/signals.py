"""Wagtail publishing hooks that keep the API's highlight read model current.

Signals are Wagtail's API for "a page went live / stopped being live", and they fire
for every route there: the admin, scheduled publishing, workflows and code.
"""

from wagtail.signals import page_published, page_unpublished

from .models import ArticlePage
from .services import highlight_sync


def _article_visibility_changed(sender, instance, **kwargs):
    highlight_sync(article=instance)


def connect() -> None:
    """Subscribe the highlight read model to article publish and unpublish."""
    for signal in (page_published, page_unpublished):
        signal.connect(
            _article_visibility_changed,
            sender=ArticlePage,
            dispatch_uid=f"articles.highlight_sync.{id(signal)}",
        )
