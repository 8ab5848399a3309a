"""Load the demo publication idempotently: run it as often as you like."""

from django.core.management.base import BaseCommand

from articles.demo import demo_articles_load


class Command(BaseCommand):
    help = "Create or refresh the demo content (articles, authors, topics, settings)."

    def handle(self, *args, **options):
        counts = demo_articles_load()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {summary}."))
