"""Celery tasks for the whole publication."""

from celery import shared_task

from .services import scheduled_publishing_run


@shared_task(name="rexchange.tasks.publish_scheduled", ignore_result=True)
def publish_scheduled() -> None:
    """Run Wagtail's scheduled publishing; Celery beat calls this every minute."""
    scheduled_publishing_run()
