import socket
from contextlib import contextmanager

import pytest
from werkzeug import Response

from rexchange.celery import app as celery_app


@pytest.fixture(autouse=True)
def _deliveries_run_in_process():
    """Deliveries run in the test process, as they do without a broker, even when
    CELERY_BROKER_URL is set: these tests are about signing, retries and the admin,
    not queueing (tests/faults runs tasks through a real worker)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def receiver(httpserver, settings):
    """A local receiver, the only private address webhooks may reach."""
    settings.INGEST_PRIVATE_ALLOWLIST = f"127.0.0.1:{httpserver.port}"
    received = []

    def handler(request):
        received.append((request.get_data(), dict(request.headers)))
        return Response("ok", status=receiver.status)

    receiver.status = 204
    httpserver.expect_request("/hook", method="POST").respond_with_handler(handler)
    receiver.url = httpserver.url_for("/hook")
    receiver.received = received
    return receiver


@pytest.fixture
def broker_down():
    """A context manager during which tasks go to a broker address where nothing
    listens, as in a broker outage: publishing really fails (kombu's
    OperationalError after its own quick retries), with or without a real broker
    configured. The same trick as tests/policy/reporting's unreachable_broker,
    which a sibling conftest cannot share."""

    @contextmanager
    def outage():
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        conf = celery_app.conf
        saved = {key: conf[key] for key in ("broker_write_url", "task_always_eager")}
        # The write URL, because CELERY_BROKER_URL in the environment outranks the
        # configured broker_url (celery.app.utils.Settings.broker_url).
        conf.update(
            broker_write_url=f"redis://127.0.0.1:{port}/0", task_always_eager=False
        )
        _drop_broker_pools()
        try:
            yield
        finally:
            conf.update(saved)
            _drop_broker_pools()

    return outage


def _drop_broker_pools() -> None:
    # What Celery itself does after a fork (Celery._after_fork): the next publish
    # opens a connection to the broker now configured.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
