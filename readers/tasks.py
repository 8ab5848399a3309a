"""Celery tasks for the digest: thin, by id, safe to retry (see services.digest)."""

from celery import shared_task

from .models import Delivery
from .services import digest


@shared_task(
    name="readers.tasks.digest_weekly_send",
    bind=True,
    max_retries=3,
    default_retry_delay=600,
)
def digest_weekly_send(self, week: str | None = None) -> dict[str, int]:
    """Send last week's digest (or `week`'s, e.g. '2026-W48') to every subscriber,
    once each; retry later for those whose email failed."""
    counts = digest.digest_weekly_send(week=week)
    if counts.get(Delivery.Status.FAILED):
        raise self.retry()
    return counts


@shared_task(
    name="readers.tasks.event_alert_send",
    bind=True,
    max_retries=3,
    default_retry_delay=300,
)
def event_alert_send(self, event_id: int) -> dict[str, int]:
    """Alert subscribers to a newly published licence event, once each."""
    counts = digest.event_alert_send(event_id=event_id)
    if counts.get(Delivery.Status.FAILED):
        raise self.retry()
    return counts
