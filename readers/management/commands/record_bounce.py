"""Record a bounce reported by the mail provider for a digest subscriber."""

from django.core.management.base import BaseCommand, CommandError

from readers.services.subscriptions import subscriber_bounce_record


class Command(BaseCommand):
    help = "Record a bounce for a digest subscriber's address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", default="", help="What the bounce said.")

    def handle(self, *args, email, reason, **options):
        subscriber = subscriber_bounce_record(email=email, detail=reason)
        if subscriber is None:
            raise CommandError(f"No subscriber has the address {email}.")
        state = "stopped" if subscriber.suppressed_at else "still receiving"
        self.stdout.write(
            f"{subscriber.email}: {subscriber.bounce_count} bounce(s), {state}."
        )
