"""Two beat processes started by mistake, over ten minutes of simulated polling."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from policy.reporting.services import sources_claim_due
from tests.factories.ingestion import SourceFactory
from tests.services import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)

STEP = timedelta(seconds=30)
MINUTES = 10


def test_two_beats_fetch_each_due_source_once_per_interval():
    """Editors see each source fetched once per poll interval, never twice: two
    beats ticking at the same moments race for every lease on real row locks, and
    each due source goes to exactly one of them."""
    require_postgres()
    start = timezone.now().replace(microsecond=0)
    intervals = {1: 6, 2: 4, 5: 2}  # poll interval in minutes: how many sources
    sources = {
        SourceFactory(
            next_poll_at=start, poll_interval=timedelta(minutes=minutes)
        ).pk: minutes
        for minutes, count in intervals.items()
        for _ in range(count)
    }
    ticks = [start + STEP * i for i in range(MINUTES * 2 + 1)]
    claims: list[list[tuple]] = [[], []]
    barrier = threading.Barrier(2)

    def beat(slot: int) -> None:
        try:
            for now in ticks:
                barrier.wait(timeout=30)  # both beats tick at the same moment
                for pk in sources_claim_due(now=now, limit=100):
                    claims[slot].append((pk, now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)

    every = claims[0] + claims[1]
    assert len(every) == len(set(every))  # no lease won by both beats
    for pk, minutes in sources.items():
        times = sorted(now for claimed, now in every if claimed == pk)
        # Due at the start, then once per interval, to the end of the ten minutes.
        assert len(times) == MINUTES // minutes + 1, (pk, minutes, times)
        gaps = {b - a for a, b in zip(times, times[1:], strict=False)}
        assert gaps == {timedelta(minutes=minutes)}
