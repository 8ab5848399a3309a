from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_newsroom_permissions(sender, **kwargs):
    from .newsroom.services import newsroom_permissions_ensure

    newsroom_permissions_ensure()


class RexchangeConfig(AppConfig):
    """Project wiring, and the platform both apps share (API kit, newsroom)."""

    name = "rexchange"
    verbose_name = "Publication"

    def ready(self):
        from . import checks  # noqa: F401  registers the production checks
        from .api.changes import change_listener_add
        from .cache import keys, triggers
        from .newsroom import tasks  # noqa: F401  registers scheduled publishing
        from .webhooks.tasks import changes_committed

        change_listener_add(changes_committed)

        keys.connect()
        triggers.connect()

        # After every migrate (and every test-database flush), so the newsroom groups
        # exist and hold their page permissions whatever state the database was in.
        post_migrate.connect(
            _ensure_newsroom_permissions,
            sender=self,
            dispatch_uid="rexchange.newsroom_permissions",
        )
