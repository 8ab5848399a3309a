"""A worker dies between committing a fetch and acknowledging its task."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.db.models import Count

from policy.reporting.models import Report, Source
from policy.reporting.tasks import fetch_source
from rexchange.celery import app as celery_app
from tests.factories.ingestion import SourceFactory
from tests.policy.reporting.test_celery_worker import (
    FIXTURES,
    WAIT,
    Worker,
    _database_url,
    feed_server,  # noqa: F401 - fixture
)
from tests.services import require_postgres, require_redis

from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "rexchange-faults-kill-after-commit"


def _purge() -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def test_a_worker_killed_after_commit_and_before_ack_stores_nothing_twice(
    feed_server,  # noqa: F811
    monkeypatch,
):
    """Editors see each report once: the redelivered fetch runs into the unique
    constraint (source, dedupe_key) and updates rather than duplicates, and the
    reports the dead worker committed are kept (same rows, nothing lost)."""
    require_postgres()
    broker = require_redis()
    requests = []

    def feed(request):
        from werkzeug import Response

        requests.append(request.path)
        return Response(
            (FIXTURES / "duplicates.xml").read_bytes(),
            content_type="application/rss+xml",
        )

    feed_server.expect_request("/feed.xml").respond_with_handler(feed)
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    scratch = Path(tempfile.mkdtemp(prefix="rx-kill-after-commit-"))
    marker = scratch / "committed"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "INGEST_PRIVATE_ALLOWLIST": f"127.0.0.1:{feed_server.port}",
        "REXCHANGE_HOLD_MARKER": str(marker),
    }
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    _purge()
    doomed = Worker(env, QUEUE, scratch / "doomed.log", app="tests.faults.hold_worker")
    survivor = None
    try:
        fetch_source.apply_async(args=[source.pk], queue=QUEUE)
        wait_for(
            marker.exists,
            timeout=WAIT,
            what=f"the first fetch to commit\n{doomed.output()}",
        )
        committed = dict(Report.objects.values_list("dedupe_key", "pk"))
        assert len(committed) == 4  # stored and committed before the kill
        doomed.kill()

        survivor = Worker(env, QUEUE, scratch / "survivor.log")
        wait_for(
            lambda: "succeeded" in survivor.output(),
            timeout=WAIT * 2,
            what=f"the redelivered fetch\n{survivor.output()}",
        )
    finally:
        doomed.kill()
        if survivor is not None:
            survivor.stop()
        _purge()

    assert len(requests) == 2  # the killed fetch and the redelivered one
    per_key = Report.objects.values("dedupe_key").annotate(n=Count("pk"))
    assert {row["n"] for row in per_key} == {1}
    assert dict(Report.objects.values_list("dedupe_key", "pk")) == committed
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert Source.objects.get(pk=source.pk).last_success_at is not None
