"""rexchange: the project package. Wiring only, plus publication-wide site settings."""

from .celery import app as celery_app

__all__ = ["celery_app"]
