"""Rebuild the API's read models (highlights, event facts) from live pages."""

from django.core.management.base import BaseCommand

from articles.services import highlight_rebuild_all
from policy.services import licence_event_facts_rebuild_all


class Command(BaseCommand):
    help = (
        "Rebuild the highlight and event-fact tables the API filters on, from the "
        "live pages. Publishing keeps them current; run this after a bulk import."
    )

    def handle(self, *args, **options):
        highlights = highlight_rebuild_all()
        facts = licence_event_facts_rebuild_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"API index rebuilt: {highlights} highlights, {facts} event facts."
            )
        )
