"""What other parts of the site hear from the readers app, and what it hears.

- A newly published licence event queues its alerts (Wagtail's `page_published` is
  the API for "a page went live", whichever route published it).
- A comment becoming visible or hidden, and a page opened to or closed for comments,
  purge that page from the shared cache (and the API's comment lists), so the cached
  page shows exactly the approved comments.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from policy.models import LicenceEventPage
from rexchange.api.changes import ChangeKind, ChangeType, change_record
from rexchange.cache import keys as surrogate
from rexchange.cache.triggers import purge_after_commit

from .models import Comment, PageComments
from .signals import comment_approved

# The list key of the comments API; see rexchange.cache.keys.LIST_KEYS_BY_URL_NAME.
COMMENTS_LIST_KEY = "comments"


def _event_published(sender, instance, **kwargs):
    from .services.digest import event_is_new
    from .tasks import event_alert_send

    if event_is_new(event=instance):
        event_id = instance.pk
        # robust: a broker outage must not turn a successful publish into an error.
        transaction.on_commit(lambda: event_alert_send.delay(event_id), robust=True)


def _comments_changed(sender, page_id, **kwargs):
    purge_after_commit(keys={surrogate.page_key(page_id), COMMENTS_LIST_KEY})


def _page_setting_changed(sender, instance, **kwargs):
    purge_after_commit(keys={surrogate.page_key(instance.page_id)})


def _comment_deleted(sender, instance, **kwargs):
    # In the deleting transaction; a comment that was never shown records nothing.
    change_record(
        object_type=ChangeType.COMMENT, object_ids=[instance.pk], kind=ChangeKind.DELETE
    )
    if instance.status == Comment.Status.APPROVED:
        purge_after_commit(
            keys={surrogate.page_key(instance.page_id), COMMENTS_LIST_KEY}
        )


def connect() -> None:
    """Subscribe event alerts to publishing and the page cache to comments."""
    page_published.connect(
        _event_published,
        sender=LicenceEventPage,
        dispatch_uid="readers.event_alerts",
    )
    comment_approved.connect(_comments_changed, dispatch_uid="readers.cache_purge")
    post_delete.connect(
        _comment_deleted, sender=Comment, dispatch_uid="readers.comment_deleted"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _page_setting_changed,
            sender=PageComments,
            dispatch_uid=f"readers.cache_purge.setting.{id(signal)}",
        )
