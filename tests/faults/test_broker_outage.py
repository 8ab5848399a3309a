"""Redis, as the Celery broker, stops while an editor asks for a fetch."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from django.contrib.auth.models import Group
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from policy.reporting.models import Report, Source
from tests.factories.ingestion import SourceFactory
from tests.policy.reporting.test_celery_worker import (
    FIXTURES,
    Worker,
    feed_server,  # noqa: F401 - fixture
)

from .conftest import AdminUser, Beat, WebServer, wait_for

POLL_EVERY = 2  # seconds between beat polls in this test


def test_a_fetch_asked_for_while_the_broker_is_down_runs_once_it_is_back(
    private_site,
    private_redis,
    feed_server,  # noqa: F811
):
    """The editor's "Fetch now" answers with a clear warning, not a 500: the task
    queue is down and nothing is lost. Once Redis is back, the next beat tick
    queues the fetch, a worker runs it, and each report is stored once."""
    requests = []

    def feed(request):
        requests.append(request.path)
        return Response(
            (FIXTURES / "duplicates.xml").read_bytes(),
            content_type="application/rss+xml",
        )

    feed_server.expect_request("/feed.xml").respond_with_handler(feed)
    # Not due for a day: only the editor's request can get it fetched today.
    source = SourceFactory(
        url=feed_server.url_for("/feed.xml"),
        next_poll_at=timezone.now() + dt.timedelta(days=1),
    )
    editor = Group.objects.get(name="Editors").user_set.create(username="eddie")
    editor.set_password("correct horse")
    editor.save()

    scratch = Path(tempfile.mkdtemp(prefix="rx-broker-outage-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.test",
        "DATABASE_URL": private_site,
        "CELERY_BROKER_URL": private_redis.url(3),
        # The cache is not what this test stops (test_redis_outage.py does that).
        "CACHE_URL": "locmemcache://",
        "INGEST_PRIVATE_ALLOWLIST": f"127.0.0.1:{feed_server.port}",
        "INGEST_POLL_EVERY": str(POLL_EVERY),
    }
    web = WebServer(env, scratch / "web.log")
    worker = Worker(env, "celery", scratch / "worker.log")
    beat = Beat(env, scratch)
    user = None
    try:
        user = AdminUser(web.url, "eddie", "correct horse")
        private_redis.stop()

        fetch_now = reverse(
            "wagtail_bulk_action", args=("policy", "source", "fetch_now")
        )
        sources = reverse("wagtailsnippets_policy_source:list")
        response = user.post(f"{fetch_now}?id={source.pk}&next={sources}")
        assert response.status_code == 302, web.output()
        assert response.headers["location"] == sources
        listing = user.get(sources)
        assert listing.status_code == 200
        assert (
            "The task queue cannot be reached right now, so 1 source(s) could not "
            "be queued. Nothing is lost: they are marked due and will be fetched "
            "as soon as the queue is back." in listing.text
        )
        assert Source.objects.get(pk=source.pk).next_poll_at <= timezone.now()
        assert requests == []

        private_redis.start()
        wait_for(
            lambda: Source.objects.get(pk=source.pk).last_success_at is not None,
            timeout=90,
            what=f"the fetch after Redis came back\n{worker.output()}\n{beat.output()}",
        )
        # A few more polls find nothing due: the fetched source is not queued again.
        time.sleep(POLL_EVERY * 2)
    finally:
        if user is not None:
            user.close()
        beat.stop()
        worker.stop()
        web.stop()
        if private_redis.process is None:
            private_redis.start()

    assert requests == ["/feed.xml"]  # fetched once
    per_key = Report.objects.filter(source=source).values("dedupe_key")
    assert {row["n"] for row in per_key.annotate(n=Count("pk"))} == {1}
    assert per_key.count() == 4
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_error == ""
