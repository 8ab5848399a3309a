"""System checks that keep production from starting on silent defaults.

Production settings set `REXCHANGE_SHARED_SERVICES_REQUIRED`; then a per-process
cache (rate limits and Last-Modified records that differ between server processes)
and a missing Celery broker (tasks run inside admin requests, nothing polls) are
errors, so `manage.py check --deploy`, `migrate` and every other command fail.
"""

from django.conf import settings
from django.core.checks import Error, register

# Backends whose entries live in one process or on one machine's disk.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@register()
def shared_services_check(app_configs, **kwargs):
    """Errors for a per-process cache or a missing broker where they are required."""
    if not getattr(settings, "REXCHANGE_SHARED_SERVICES_REQUIRED", False):
        return []
    errors = []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in UNSHARED_CACHES:
        errors.append(
            Error(
                f"The default cache is {backend.rsplit('.', 1)[-1]}, private to one "
                "process: API rate limits and Last-Modified records would differ "
                "between server processes.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://host:6379/1.",
                id="rexchange.E001",
            )
        )
    if not settings.CELERY_BROKER_URL:
        errors.append(
            Error(
                "CELERY_BROKER_URL is not set: tasks would run inside admin requests "
                "and no source would ever be polled.",
                hint="Set CELERY_BROKER_URL, e.g. redis://host:6379/0.",
                id="rexchange.E002",
            )
        )
    return errors
