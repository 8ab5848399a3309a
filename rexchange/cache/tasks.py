"""Celery task for cache purges: retried while a cache is down, never in the editor's
way."""

from __future__ import annotations

import logging

from celery import shared_task

from .purge import PurgeFailed, cache_purge

logger = logging.getLogger(__name__)

MAX_RETRIES = 8


@shared_task(bind=True, name="rexchange.cache.purge", ignore_result=True)
def purge(self, keys: list[str], urls: list[str] | None = None) -> None:
    """Purge surrogate keys (and page URLs) from the shared caches after a change."""
    try:
        cache_purge(keys=keys, urls=urls or ())
    except PurgeFailed as exc:
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            # Readers see the old version until s-maxage runs out; say so loudly.
            logger.error("Cache purge failed, not retrying: %s (keys %s)", exc, keys)
            return
        logger.warning("Cache purge failed, retrying: %s", exc)
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 60)) from exc
