"""Load the demo publication idempotently: run it as often as you like."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.demo import demo_articles_load, demo_site_load
from articles.services import highlight_rebuild_all
from policy.demo import demo_policy_load
from policy.services import licence_event_facts_rebuild_all
from rexchange.newsroom.services import newsroom_permissions_ensure


class Command(BaseCommand):
    help = (
        "Create or refresh the demo content (site settings, policy record, articles, "
        "authors, topics)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            home = demo_site_load()
            # The policy record first: the articles embed and cite its events.
            counts = demo_policy_load(home=home)
            counts |= demo_articles_load()
            # Publishing keeps the API's read models current; a rebuild also covers
            # demo pages created live without a revision, so the API shows them at once.
            highlight_rebuild_all()
            licence_event_facts_rebuild_all()
            # The demo creates the analysis index and the tracker; give the newsroom
            # groups their rights on them.
            newsroom_permissions_ensure()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {summary}."))
