import pytest


@pytest.fixture(autouse=True)
def _deliveries_run_in_process():
    """Deliveries run in the test process, as they do without a broker, even when
    CELERY_BROKER_URL is set: these tests are about signing, retries and the admin,
    not queueing (tests/faults runs tasks through a real worker)."""
    from rexchange.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
