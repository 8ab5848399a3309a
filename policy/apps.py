from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """The policy record and source ingestion."""

    name = "policy"
    verbose_name = "Policy record"

    def ready(self):
        from . import signals

        signals.connect()
