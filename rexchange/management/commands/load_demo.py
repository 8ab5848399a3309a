"""Load the demo publication idempotently: run it as often as you like."""

from django.core.management.base import BaseCommand

from articles.demo import demo_articles_load
from rexchange.services import newsroom_permissions_ensure


class Command(BaseCommand):
    help = "Create or refresh the demo content (articles, authors, topics, settings)."

    def handle(self, *args, **options):
        counts = demo_articles_load()
        # The demo creates the analysis index; give the newsroom groups their rights.
        newsroom_permissions_ensure()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {summary}."))
