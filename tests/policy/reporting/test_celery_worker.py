"""Real Celery workers against the real Redis broker and PostgreSQL.

The worker runs as a separate process on the test database, so these tests use a
transactional database (committed rows the worker can see). They send to a queue
of their own, emptied before and after each test, so nothing another run left in
the broker is picked up. A worker killed while it holds a fetch is the fault suite's
case (tests/faults/test_worker_killed_after_commit.py), killed after the commit so
the redelivered fetch really meets the reports already stored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from pytest_httpserver import HTTPServer

from policy.reporting.models import Report, Source
from policy.reporting.tasks import fetch_source
from rexchange.celery import app as celery_app
from tests.factories.ingestion import SourceFactory
from tests.policy.reporting.ingest.hostile import quadratic_blowup
from tests.services import require_postgres, require_redis

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[3]
FIXTURES = BASE_DIR / "tests" / "fixtures" / "ingest"
# Every wait is bounded: a stuck worker fails the test instead of hanging CI.
WAIT = 45.0
QUEUE = "rexchange-ingest-test"


def _database_url() -> str:
    """The test database (test_<name>), as a URL the worker's settings can read."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return (
        f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up after {timeout:.0f} s waiting for {what}")


class Worker:
    """A `celery worker` process (prefork, one child) in its own process group."""

    def __init__(
        self, env: dict[str, str], queue: str, log: Path, app: str = "rexchange"
    ) -> None:
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - fixed interpreter and args
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={queue}",
                f"--hostname={queue}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool child."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Warm shutdown, then SIGKILL if it does not go within ten seconds."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def feed_server() -> Iterator[HTTPServer]:
    """A threaded local server: a request held open must not block the next one."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def workers(feed_server, monkeypatch) -> Iterator[Callable[[], Worker]]:
    """Start workers on a queue of this test's own; stop them all afterwards."""
    require_postgres()
    broker = require_redis()
    port = feed_server.port
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        # Redeliver a dead worker's message after 5 s, checked every second.
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "INGEST_PRIVATE_ALLOWLIST": f"127.0.0.1:{port}",
        "INGEST_TOTAL_TIMEOUT": "30",
    }
    # Send to the broker even if something made tasks run inline.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    _purge()
    started: list[Worker] = []
    log_dir = Path(tempfile.mkdtemp(prefix="rx-worker-"))

    def start() -> Worker:
        worker = Worker(env, QUEUE, log_dir / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    _purge()


def _purge() -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def _send(source: Source) -> None:
    fetch_source.apply_async(args=[source.pk], queue=QUEUE)


def test_a_worker_fetches_a_source_end_to_end(feed_server, workers):
    feed_server.expect_request("/feed.xml").respond_with_data(
        (FIXTURES / "rss20.xml").read_bytes(), content_type="application/rss+xml"
    )
    source = SourceFactory(url=feed_server.url_for("/feed.xml"))
    worker = workers()

    _send(source)

    _wait_for(
        lambda: Source.objects.get(pk=source.pk).last_success_at is not None,
        timeout=WAIT,
        what=f"the worker to fetch the source\n{worker.output()}",
    )
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert Report.objects.filter(source=source).count() == 3


def _peak_rss_mib(pid: int) -> float:
    """The most resident memory a process and its pool children ever held, in MiB."""
    peak = 0
    for each in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def _children(pid: int) -> list[int]:
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in listed.split()]


def test_a_worker_refuses_the_blowup_feed_quickly_in_bounded_memory_and_goes_on(
    feed_server, workers
):
    # The 110 KB feed whose one entity expanded to 1 G characters and killed a
    # worker at 3 GB; then an ordinary feed the same worker must still fetch.
    feed_server.expect_request("/warm.xml").respond_with_data(
        (FIXTURES / "rss20.xml").read_bytes(), content_type="application/rss+xml"
    )
    feed_server.expect_request("/blowup.xml").respond_with_data(
        quadratic_blowup(110 * 1024), content_type="application/rss+xml"
    )
    feed_server.expect_request("/next.xml").respond_with_data(
        (FIXTURES / "atom.xml").read_bytes(), content_type="application/atom+xml"
    )
    warm = SourceFactory(url=feed_server.url_for("/warm.xml"))
    blowup = SourceFactory(url=feed_server.url_for("/blowup.xml"))
    following = SourceFactory(url=feed_server.url_for("/next.xml"))
    worker = workers()
    _send(warm)
    _wait_for(
        lambda: Source.objects.get(pk=warm.pk).last_success_at is not None,
        timeout=WAIT,
        what=f"the worker to start and fetch a first source\n{worker.output()}",
    )

    sent = time.monotonic()
    _send(blowup)
    _send(following)
    _wait_for(
        lambda: Source.objects.get(pk=blowup.pk).last_error != "",
        timeout=WAIT,
        what=f"the blowup source to fail\n{worker.output()}",
    )
    failed_after = time.monotonic() - sent
    _wait_for(
        lambda: Source.objects.get(pk=following.pk).last_success_at is not None,
        timeout=WAIT,
        what=f"the next source to be fetched\n{worker.output()}",
    )
    peak = _peak_rss_mib(worker.process.pid)

    blowup.refresh_from_db()
    assert blowup.last_error == "refused: XML entity declarations"
    assert blowup.consecutive_failures == 1
    assert blowup.next_poll_at > timezone.now()
    assert failed_after < 10, f"took {failed_after:.1f} s"
    assert peak < 500, f"worker peaked at {peak:.0f} MiB"
    assert Report.objects.filter(source=following).count() == 2
    assert worker.process.poll() is None
