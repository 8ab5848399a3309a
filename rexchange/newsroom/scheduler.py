"""Whether scheduled publishing is actually running: a heartbeat each run leaves in the
shared cache, and the admin's warning when none is recent.

Go-live and expiry dates only take effect when something runs Wagtail's scheduled
publishing (Celery beat, `manage.py run_scheduled_publishing` from cron). `make run`
starts neither, so the dashboard says so instead of letting a schedule silently slip.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "rexchange:newsroom:scheduled-publishing:last-run"
# Beat runs every minute; several missed runs in a row mean nobody is running it.
STALE_AFTER = dt.timedelta(minutes=10)


def scheduler_heartbeat_record(*, now: dt.datetime | None = None) -> None:
    """Note that scheduled publishing just ran (kept a day, longer than any alarm)."""
    cache.set(HEARTBEAT_KEY, (now or timezone.now()).isoformat(), timeout=86_400)


def scheduler_last_run() -> dt.datetime | None:
    """When scheduled publishing last ran, as far as the shared cache knows."""
    value = cache.get(HEARTBEAT_KEY)
    return dt.datetime.fromisoformat(value) if value else None


def scheduler_is_stale(*, now: dt.datetime | None = None) -> bool:
    """True when no run was recorded within STALE_AFTER."""
    last = scheduler_last_run()
    return last is None or (now or timezone.now()) - last > STALE_AFTER
