"""Data for the live contract check: the demo, every block type, and a staff key."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.demo import demo_every_block_article_load
from readers.models import Comment
from readers.services.comments import comment_moderate, comment_submit
from rexchange.api.keys import api_key_create


class Command(BaseCommand):
    help = (
        "Load the demo, publish the article holding one block of every type with "
        "an approved comment, create a staff user with a new API key and print "
        "the key (deploy/contract-check)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="contract-check")

    def handle(self, *args, username, **options):
        call_command("load_demo", stdout=self.stderr)
        article = demo_every_block_article_load()
        if not Comment.objects.filter(page=article).exists():
            comment = comment_submit(
                page=article,
                name="Mei",
                email="mei@example.org",
                body="Which exporters were approved?",
                ip_address=None,
            )
            comment_moderate(comment=comment, status=Comment.Status.APPROVED)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        _, key = api_key_create(name="Contract check", user=user)
        self.stdout.write(key)
