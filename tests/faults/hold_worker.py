"""The project's Celery app for a worker the fault suite will kill on purpose.

Run as `celery -A tests.faults.hold_worker worker`. Once a fetch has committed its
reports (the `fetch_committed` signal), the worker touches the file named by
REXCHANGE_HOLD_MARKER and sleeps, so the test can SIGKILL it after the commit and
before the task is acknowledged.
"""

import os
import time
from pathlib import Path

from celery.signals import worker_process_init

from rexchange.celery import app

__all__ = ["app"]


def _hold(**kwargs):
    Path(os.environ["REXCHANGE_HOLD_MARKER"]).touch()
    time.sleep(300)


@worker_process_init.connect
def _connect_hold(**kwargs):
    from policy.reporting.tasks import fetch_committed

    fetch_committed.connect(_hold, weak=False)
