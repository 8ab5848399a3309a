from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Editorial pages: home, analysis index, articles, authors and topics."""

    name = "articles"
    verbose_name = "Analysis"

    def ready(self):
        from . import signals

        signals.connect()
