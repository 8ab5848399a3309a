"""Scheduled publishing through a real `celery beat` and a real worker."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from tests.factories import ArticlePageFactory
from tests.policy.reporting.test_celery_worker import BASE_DIR, Worker, _database_url
from tests.services import require_postgres

from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

EVERY = 2  # seconds between beat runs in this test


def test_a_real_beat_publishes_a_scheduled_article_once(article_index, private_redis):
    """At its go-live time the embargoed article goes live for readers, published
    once: later beat runs find nothing more to do."""
    require_postgres()
    page = ArticlePageFactory(parent=article_index, title="Embargoed note", live=False)
    page.go_live_at = timezone.now() + dt.timedelta(seconds=5)
    page.save_revision().publish()  # scheduled, as an editor's Schedule does
    page.refresh_from_db()
    assert not page.live

    scratch = Path(tempfile.mkdtemp(prefix="rx-beat-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": private_redis.url(1),
        "PUBLISH_SCHEDULED_EVERY": str(EVERY),
    }
    beat = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "rexchange", "beat"]
        + ["--loglevel=INFO", f"--schedule={scratch / 'beat-schedule'}"],
        cwd=BASE_DIR,
        env=env,
        stdout=(scratch / "beat.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = Worker(env, "celery", scratch / "worker.log")
    try:
        wait_for(
            lambda: type(page).objects.filter(pk=page.pk, live=True).exists(),
            timeout=90,
            what=f"the beat to publish the page\n{worker.output()}",
        )
        time.sleep(EVERY * 3)  # a few more beat runs: nothing is published again
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        worker.stop()

    assert "publish_scheduled" in (scratch / "beat.log").read_text()
    publishes = PageLogEntry.objects.filter(
        page=page, action="wagtail.publish.scheduled"
    )
    assert publishes.count() == 1
    page.refresh_from_db()
    assert page.live and page.title == "Embargoed note"
