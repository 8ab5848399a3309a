"""Celery tasks for webhooks: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import (
    webhook_backlog_sweep,
    webhook_deliver,
    webhook_deliveries_create,
    webhook_retries_claim,
)


@shared_task(name="rexchange.tasks.webhook_deliver", ignore_result=True)
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery; a failure is scheduled for retry by the service."""
    return webhook_deliver(delivery_id=delivery_id)


@shared_task(name="rexchange.tasks.webhook_fan_out", ignore_result=True)
def fan_out_webhooks(change_ids: list[int]) -> list[int]:
    """Create the deliveries for new changes and queue each."""
    return webhook_deliveries_create(
        change_ids=change_ids, enqueue=deliver_webhook.delay
    )


@shared_task(name="rexchange.tasks.webhook_retry_due", ignore_result=True)
def retry_due_webhooks() -> int:
    """Queue every delivery whose retry time has come, and those the broker lost
    (the beat runs this every minute)."""
    now = timezone.now()
    claimed = webhook_retries_claim(now=now)
    for delivery_id in claimed:
        deliver_webhook.delay(delivery_id)
    created, queued_again = webhook_backlog_sweep(
        now=now, enqueue=deliver_webhook.delay
    )
    return len(claimed) + len(created) + len(queued_again)


def changes_committed(change_ids: list[int]) -> None:
    """Change-feed listener: fan new changes out to subscriptions, in a task. If the
    broker refuses it, the publish still stands (a robust hook) and the beat's
    backlog sweep creates the deliveries a minute or two later."""
    fan_out_webhooks.delay(change_ids)
