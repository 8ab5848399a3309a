"""A poison source (always HTTP 500) polled next to healthy ones for three hours
of simulated time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from policy.reporting.models import Report, Source
from policy.reporting.services import source_fetch, sources_claim_due
from tests.factories.ingestion import SourceFactory
from tests.policy.reporting.conftest import ingest_settings  # noqa: F401 - fixture
from tests.policy.reporting.test_celery_worker import FIXTURES

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(minutes=10)
HOURS = 3


def test_a_poison_source_backs_off_and_says_why_while_healthy_ones_keep_time(
    httpserver,
    ingest_settings,  # noqa: F811
    monkeypatch,
):
    """Editors see the healthy sources fetched every ten minutes as always, and the
    poison one marked failing with "HTTP 500", tried less and less often (10, 20,
    40, 80 minutes apart, give or take the jitter) instead of every tick."""
    feed = (FIXTURES / "rss20.xml").read_bytes()
    httpserver.expect_request("/healthy.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    httpserver.expect_request("/poison.xml").respond_with_data("broken", status=500)
    clock = [timezone.now().replace(microsecond=0)]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    start = clock[0]
    healthy = [
        SourceFactory(
            url=httpserver.url_for("/healthy.xml") + f"?n={n}",
            poll_interval=INTERVAL,
            next_poll_at=start,
        )
        for n in range(2)
    ]
    poison = SourceFactory(
        url=httpserver.url_for("/poison.xml"),
        poll_interval=INTERVAL,
        next_poll_at=start,
    )
    fetched: dict[int, list] = {s.pk: [] for s in [*healthy, poison]}

    for minute in range(HOURS * 60 + 1):  # the beat ticks once a minute
        clock[0] = start + timedelta(minutes=minute)
        for pk in sources_claim_due(now=clock[0], limit=100):
            fetched[pk].append(clock[0])
            source_fetch(source=Source.objects.get(pk=pk))

    for source in healthy:
        times = fetched[source.pk]
        assert len(times) == HOURS * 6 + 1
        assert {b - a for a, b in zip(times, times[1:], strict=False)} == {INTERVAL}
        source.refresh_from_db()
        assert source.consecutive_failures == 0
        assert Report.objects.filter(source=source).count() == 3

    times = fetched[poison.pk]
    gaps = [(b - a) / INTERVAL for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 5  # at 0, ~10, ~30, ~70 and ~150 minutes
    for gap, expected in zip(gaps, [1, 2, 4, 8], strict=True):
        assert expected * 0.89 <= gap <= expected * 1.11 + 0.1  # one-minute ticks
    poison.refresh_from_db()
    assert poison.last_error == "HTTP 500"
    assert poison.consecutive_failures == 5
    assert not Report.objects.filter(source=poison).exists()
