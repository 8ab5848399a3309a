"""Wagtail publishing hooks: a newly published licence event queues its alerts.

Signals are Wagtail's API for "a page went live", whichever route published it.
"""

from django.db import transaction
from wagtail.signals import page_published

from policy.models import LicenceEventPage


def _event_published(sender, instance, **kwargs):
    from .services.digest import event_is_new
    from .tasks import event_alert_send

    if event_is_new(event=instance):
        event_id = instance.pk
        # robust: a broker outage must not turn a successful publish into an error.
        transaction.on_commit(lambda: event_alert_send.delay(event_id), robust=True)


def connect() -> None:
    """Subscribe event alerts to licence event publishing."""
    page_published.connect(
        _event_published,
        sender=LicenceEventPage,
        dispatch_uid="readers.event_alerts",
    )
