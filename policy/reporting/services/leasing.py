"""Leasing due sources to workers: each due source is fetched once per interval."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ..models import Source


def sources_claim_due(*, now: datetime, limit: int) -> list[int]:
    """Lease up to `limit` due sources for one poll interval; return the ids won."""
    # Each claim is one conditional UPDATE: of two workers (or two beat processes)
    # racing for a source, only the one whose UPDATE still sees it due wins it.
    candidates = list(
        Source.objects.filter(active=True, next_poll_at__lte=now)
        .order_by("next_poll_at", "pk")
        .values_list("pk", "poll_interval")[: max(limit, 0)]
    )
    claimed: list[int] = []
    for pk, interval in candidates:
        leased_until = now + max(interval, timedelta(minutes=1))
        won = Source.objects.filter(pk=pk, active=True, next_poll_at__lte=now).update(
            next_poll_at=leased_until
        )
        if won:
            claimed.append(pk)
    return claimed


def sources_mark_due(*, source_ids: Sequence[int], now: datetime) -> int:
    """Make sources due now, so the next beat tick queues them; return how many."""
    # The database is the durable record of work to do: a fetch the broker refused
    # is not lost while its source stays due.
    return Source.objects.filter(pk__in=list(source_ids), active=True).update(
        next_poll_at=now
    )
