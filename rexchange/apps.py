from django.apps import AppConfig


class RexchangeConfig(AppConfig):
    """Project-wide wiring: publication settings, demo loading, health check."""

    name = "rexchange"
    verbose_name = "Publication"
