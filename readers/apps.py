from django.apps import AppConfig


class ReadersConfig(AppConfig):
    """What brings readers back: moderated comments and the email digest."""

    name = "readers"
    verbose_name = "Readers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
