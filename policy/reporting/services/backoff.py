"""How long a failing source waits before its next try."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings

# Statuses whose Retry-After header a source must honour.
RETRY_AFTER_STATUSES = frozenset({429, 503})
# A server may ask us to wait; it may not park a source for a year.
RETRY_AFTER_MAX = timedelta(days=7)
JITTER = 0.1


def source_backoff(
    *,
    interval: timedelta,
    failures: int,
    retry_after: float | None = None,
    cap: timedelta | None = None,
    rng: random.Random | None = None,
) -> timedelta:
    """How long a source waits after `failures` failures in a row (with ±10% jitter)."""
    cap = cap if cap is not None else timedelta(seconds=settings.INGEST_MAX_BACKOFF)
    # The first failure waits one normal interval; each further one doubles it.
    exponent = min(max(failures - 1, 0), 32)
    base = min(interval * 2**exponent, cap)
    # Jitter spreads sources that failed together (one outage) over time.
    factor = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    delay = base * factor
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(timedelta(seconds=retry_after), RETRY_AFTER_MAX))
    return delay
