"""Run scheduled publishing once, for cron: same as the Celery beat task."""

from django.core.management.base import BaseCommand

from rexchange.newsroom.services import scheduled_publishing_run


class Command(BaseCommand):
    help = (
        "Publish pages whose go-live time has passed and unpublish expired ones, "
        "and record the run so the admin knows a scheduler is working."
    )

    def handle(self, *args, **options):
        self.stdout.write(scheduled_publishing_run())
