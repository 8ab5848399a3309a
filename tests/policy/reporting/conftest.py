"""Ingestion fixtures: a local feed server the address guard admits, and sources."""

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from rexchange.celery import app as celery_app
from tests.factories.ingestion import SourceFactory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    """Read a sample feed or page from tests/fixtures/ingest/."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def ingest_settings(settings, httpserver):
    """Admit exactly the local test server, with short limits so failures are quick."""
    port = httpserver.port
    settings.INGEST_PRIVATE_ALLOWLIST = f"127.0.0.1:{port},localhost:{port}"
    settings.INGEST_CONNECT_TIMEOUT = 2.0
    settings.INGEST_READ_TIMEOUT = 2.0
    settings.INGEST_TOTAL_TIMEOUT = 3.0
    return settings


@pytest.fixture
def serve(httpserver, fixture_bytes):
    """Serve a fixture (or given bytes) at a path; return its URL."""

    def serve(
        path: str,
        name: str | None = None,
        *,
        body: bytes | None = None,
        content_type: str = "application/rss+xml",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body if body is not None else fixture_bytes(name)
        httpserver.expect_request(path).respond_with_data(
            data, status=status, content_type=content_type, headers=headers
        )
        return httpserver.url_for(path)

    return serve


@pytest.fixture
def source_at(db, ingest_settings):
    """Create a source polling a URL on the local server."""

    def make(url: str, **fields):
        return SourceFactory(url=url, **fields)

    return make


@pytest.fixture
def unused_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inline_tasks(monkeypatch):
    """Run queued tasks in this process, broker or not.

    These tests check what a queued task does; delivery through a real broker
    and worker is what test_celery_worker.py checks.
    """
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def unreachable_broker(unused_port):
    """Send tasks to a broker address where nothing listens, as in a broker outage.

    Publishing really fails (kombu's OperationalError after its own quick retries);
    the app's connection pools are dropped on the way in and out so no connection
    to the real broker is reused.
    """
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_write_url", "task_always_eager")}
    # The write URL, because CELERY_BROKER_URL in the environment outranks the
    # configured broker_url (celery.app.utils.Settings.broker_url).
    conf.update(
        broker_write_url=f"redis://127.0.0.1:{unused_port}/0",
        task_always_eager=False,
    )
    _drop_broker_pools()
    yield
    conf.update(saved)
    _drop_broker_pools()


def _drop_broker_pools() -> None:
    # What Celery itself does after a fork (Celery._after_fork): the next publish
    # opens a connection to the broker now configured.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
