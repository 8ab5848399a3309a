"""Load the demo publication idempotently: run it as often as you like."""

from django.core.management.base import BaseCommand

from articles.demo import demo_articles_load
from articles.services import highlight_rebuild_all
from policy.services import licence_event_facts_rebuild_all


class Command(BaseCommand):
    help = "Create or refresh the demo content (articles, authors, topics, settings)."

    def handle(self, *args, **options):
        counts = demo_articles_load()
        # Publishing keeps the API's read models current; a rebuild also covers demo
        # pages created live without a revision, so the API shows them at once.
        highlight_rebuild_all()
        licence_event_facts_rebuild_all()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {summary}."))
