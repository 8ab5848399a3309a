"""Rebuild the API's read models (highlights, event facts, open questions) from
live pages."""

from django.core.management.base import BaseCommand

from articles.services import highlight_rebuild_all
from policy.services import licence_event_facts_rebuild_all, open_questions_sync


class Command(BaseCommand):
    help = (
        "Rebuild the highlight and event-fact tables the API filters on, from the "
        "live pages. Publishing keeps them current; run this after a bulk import."
    )

    def handle(self, *args, **options):
        highlights = highlight_rebuild_all()
        facts = licence_event_facts_rebuild_all()
        questions = open_questions_sync()
        self.stdout.write(
            self.style.SUCCESS(
                f"API index rebuilt: {highlights} highlights, {facts} event facts; "
                f"open questions: {questions['opened']} opened, "
                f"{questions['changed']} changed, {questions['removed']} removed."
            )
        )
