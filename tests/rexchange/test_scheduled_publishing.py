"""Scheduled publishing and unpublishing happen through the Celery beat task."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from rexchange.celery import app as celery_app
from rexchange.newsroom.tasks import publish_scheduled
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def _schedule(page, *, go_live_at):
    """Publish a revision with a future go-live time, as an editor's Schedule does."""
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def _let_time_pass(revision):
    """The go-live time arrives: move the scheduled time just into the past.

    Shifting the stored times stands in for waiting; both copies move, the approved
    time the task looks for and the go-live time inside the revision.
    """
    past = timezone.now() - dt.timedelta(seconds=30)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])


def test_beat_runs_scheduled_publishing_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == "rexchange.tasks.publish_scheduled"
    assert entry["schedule"] == 60.0
    assert "rexchange.tasks.publish_scheduled" in celery_app.tasks


def test_scheduled_article_goes_live_when_the_task_runs(client, article_index):
    page = ArticlePageFactory(parent=article_index, title="Embargoed note", live=False)
    revision = _schedule(page, go_live_at=timezone.now() + dt.timedelta(hours=1))
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404

    publish_scheduled()  # before its time: nothing happens
    page.refresh_from_db()
    assert not page.live

    _let_time_pass(revision)
    publish_scheduled()
    page.refresh_from_db()
    assert page.live
    assert "Embargoed note" in client.get(page.url).content.decode()


def test_scheduled_article_goes_live_through_a_queued_task(article_index, monkeypatch):
    # CI configures a real broker; run this one in the calling process (eager mode)
    # so the test does not depend on a worker being up.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    page = ArticlePageFactory(parent=article_index, live=False)
    revision = _schedule(page, go_live_at=timezone.now() + dt.timedelta(minutes=5))
    _let_time_pass(revision)
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live


def test_expired_article_is_unpublished_by_the_task(client, article_index):
    page = ArticlePageFactory(parent=article_index, title="Time-limited note")
    page.expire_at = timezone.now() - dt.timedelta(minutes=1)
    page.save()
    assert client.get(page.url).status_code == 200
    publish_scheduled()
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get(page.url).status_code == 404
