from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """The policy record, and outside reporting (`policy.reporting`)."""

    name = "policy"
    verbose_name = "Policy record"

    def ready(self):
        from . import signals
        from .reporting import tasks  # noqa: F401  registers the ingestion tasks

        signals.connect()
