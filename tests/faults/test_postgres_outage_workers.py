"""PostgreSQL stops under a worker that is fetching, with more fetches queued."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

from django.db import connection
from django.db.models import Count
from werkzeug import Response

from policy.reporting.models import Report, Source
from policy.reporting.tasks import fetch_source
from rexchange.celery import app as celery_app
from tests.factories.ingestion import SourceFactory
from tests.policy.reporting.test_celery_worker import (
    FIXTURES,
    WAIT,
    Worker,
    feed_server,  # noqa: F401 - fixture
)

from .conftest import wait_for

# Each feed and how many distinct items it holds.
FEEDS = {"/first.xml": ("duplicates.xml", 4), "/second.xml": ("rss20.xml", 3)}
FEEDS["/third.xml"] = ("atom.xml", 2)
RETRY = re.compile(r"fetch_source\[([0-9a-f-]+)\] retry: Retry in (\d+)s: Operational")


def test_workers_retry_with_backoff_while_postgresql_is_down_and_lose_nothing(
    private_site,
    private_postgres,
    private_redis,
    feed_server,  # noqa: F811
    monkeypatch,
):
    """Editors notice nothing but a delay: the fetch that was running and those
    queued meanwhile are retried with growing waits while PostgreSQL is down (the
    worker stays up); once it is back every report is stored exactly once and no
    source is marked failing."""
    reading = threading.Event()
    release = threading.Event()
    requests: list[str] = []

    def feed(request):
        requests.append(request.path)
        if len(requests) == 1:
            reading.set()  # the first fetch is under way; hold it here
            release.wait(timeout=WAIT)
        name, _ = FEEDS[request.path]
        return Response(
            (FIXTURES / name).read_bytes(), content_type="application/rss+xml"
        )

    sources = {}
    for path in FEEDS:
        feed_server.expect_request(path).respond_with_handler(feed)
        sources[path] = SourceFactory(url=feed_server.url_for(path))

    broker = private_redis.url(5)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.test",
        "DATABASE_URL": private_site,
        "CELERY_BROKER_URL": broker,
        "INGEST_PRIVATE_ALLOWLIST": f"127.0.0.1:{feed_server.port}",
    }
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    scratch = Path(tempfile.mkdtemp(prefix="rx-pg-outage-worker-"))
    worker = Worker(env, "celery", scratch / "worker.log")

    def retried() -> dict[str, list[int]]:
        """Each retried task's waits, in seconds, from the worker's log."""
        waits: dict[str, list[int]] = {}
        for task, seconds in RETRY.findall(worker.log.read_text()):
            waits.setdefault(task, []).append(int(seconds))
        return waits

    def send(source: Source) -> None:
        with celery_app.connection_for_write(broker) as conn:
            fetch_source.apply_async(args=[source.pk], connection=conn)

    try:
        send(sources["/first.xml"])
        wait_for(
            reading.is_set,
            timeout=WAIT,
            what=f"the worker to start fetching\n{worker.output()}",
        )
        connection.close()
        private_postgres.stop()
        send(sources["/second.xml"])  # queued while the database is down
        send(sources["/third.xml"])
        release.set()

        wait_for(
            lambda: len(retried()) == 3,
            timeout=WAIT,
            what=f"each of the three fetches to retry\n{worker.output()}",
        )
        assert worker.process.poll() is None  # retrying, not crashed

        private_postgres.start()
        wait_for(
            lambda: not Source.objects.filter(last_success_at=None).exists(),
            timeout=WAIT * 2,
            what=f"every source to be fetched after the restart\n{worker.output()}",
        )
    finally:
        release.set()
        worker.stop()

    for path, (_, items) in FEEDS.items():
        source = Source.objects.get(pk=sources[path].pk)
        stored = Report.objects.filter(source=source).values("dedupe_key")
        assert stored.count() == items, path
        assert {row["n"] for row in stored.annotate(n=Count("pk"))} == {1}, path
        assert source.consecutive_failures == 0 and source.last_error == "", path
    assert requests.count("/first.xml") == 2  # read when it went down, and after
    # Retries wait 5 s × 2ⁿ at most, with full jitter (policy/reporting/tasks.py).
    for waits in retried().values():
        assert all(w <= 5 * 2**n for n, w in enumerate(waits)), waits
