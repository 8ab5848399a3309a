"""Celery tasks for webhooks: thin wrappers that load ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import webhook_deliver, webhook_deliveries_create, webhook_retries_claim


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
    """Queue every delivery whose retry time has come (the beat runs this)."""
    claimed = webhook_retries_claim(now=timezone.now())
    for delivery_id in claimed:
        deliver_webhook.delay(delivery_id)
    return len(claimed)


def changes_committed(change_ids: list[int]) -> None:
    """Change-feed listener: fan new changes out to subscriptions, in a task."""
    fan_out_webhooks.delay(change_ids)
