"""Two claimers at the same moment: real row locks on separate PostgreSQL connections.

A transactional test, in a file of its own so that under pytest-xdist it runs after the
tests that need the migrated data it flushes away."""

import threading

import pytest
from django.db import connections
from django.utils import timezone

from policy.reporting.services import sources_claim_due
from tests.factories.ingestion import SourceFactory
from tests.services import require_postgres


@pytest.mark.django_db(transaction=True)
def test_two_claimers_at_the_same_moment_never_win_the_same_source():
    # Real concurrency needs real row locks and separate connections: PostgreSQL.
    require_postgres()
    sources = SourceFactory.create_batch(40)
    now = timezone.now()
    start = threading.Barrier(2)
    won: list[list[int]] = [[], []]

    def claim(slot: int) -> None:
        try:
            start.wait(timeout=10)
            won[slot] = sources_claim_due(now=now, limit=100)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    first, second = set(won[0]), set(won[1])
    assert not first & second
    assert first | second == {s.pk for s in sources}
