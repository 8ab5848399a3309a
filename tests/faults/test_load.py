"""Readers in their hundreds while an editor publishes, on a real server.

Bounded and on loopback only: LOAD_READERS threads (default 200, the issue's
number) read for LOAD_SECONDS (default 30) from gunicorn on 127.0.0.1, each as
fast as the server answers, while the editor publishes five articles spread over
that time (Wagtail's revision publish on the same database: through the admin each
publish would wait in the readers' queue for seconds, which this machine cannot
afford; test_redis_outage.py publishes through the admin form).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections import Counter
from itertools import cycle
from pathlib import Path

import httpx
from wagtail.models import Page, Site

from rexchange.celery import app as celery_app
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, HomePageFactory
from tests.factories.api import make_article

from .conftest import WebServer

READERS = int(os.environ.get("LOAD_READERS", "200"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
PUBLISHES = 5
# A reader gives up after this long, which counts as a failure: generous, because
# 200 readers queue on two gunicorn workers and the machine may be shared.
TIMEOUT = 90.0


def _site():
    """A home page, the analysis index and a few live articles to read."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True
    )
    index = ArticleIndexPageFactory(parent=home, show_in_menus=True)
    live = [make_article(index, title=f"Standing note {n}") for n in range(3)]
    return index, live


def _sleep_until(moment: float) -> None:
    time.sleep(max(moment - time.monotonic(), 0))


def test_readers_see_no_errors_while_an_editor_publishes_five_times(
    private_site, private_redis, settings, monkeypatch
):
    """Two hundred readers for thirty seconds get every page, feed and API answer
    without a single 5xx or dropped connection, while the editor's five publishes
    each succeed and each new article is on the site afterwards."""
    # The editor's process shares the server's cache, as production does, and
    # runs what a publish queues (webhooks, purges) itself: no broker here.
    settings.CACHES = {
        "default": {
            "BACKEND": "rexchange.cache.backends.ResilientRedisCache",
            "LOCATION": private_redis.url(6),
        }
    }
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    index, live = _site()
    drafts = [
        ArticlePageFactory(parent=index, title=f"Draft {n}", live=False)
        for n in range(PUBLISHES)
    ]
    paths = ["/", index.url, "/api/v1/articles/", "/feeds/analysis/rss/"]
    paths += [page.url for page in live]

    scratch = Path(tempfile.mkdtemp(prefix="rx-load-"))
    env = {**os.environ, "DATABASE_URL": private_site}
    env["CACHE_URL"] = private_redis.url(6)
    env.pop("CELERY_BROKER_URL", None)  # the server too runs its tasks inline
    web = WebServer(env, scratch / "web.log")
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()
    readers = httpx.Client(
        base_url=web.url,
        timeout=httpx.Timeout(TIMEOUT),
        limits=httpx.Limits(max_connections=READERS, max_keepalive_connections=0),
    )

    def read(offset: int) -> None:
        turn = paths[offset % len(paths) :] + paths[: offset % len(paths)]
        for path in cycle(turn):
            if stop.is_set():
                return
            try:
                status = readers.get(path).status_code
            except httpx.HTTPError as exc:
                with lock:
                    failures.append(f"{path}: {exc!r}")
                continue
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    published = []
    try:
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for n, draft in enumerate(drafts, start=1):
            # Spread over the readers' time: at 5, 10, 15, 20 and 25 s by default.
            _sleep_until(started + SECONDS * n / (PUBLISHES + 1))
            draft.title = f"Published under load {n}"
            draft.save_revision().publish()
            published.append(draft)
        _sleep_until(started + SECONDS)
        stop.set()
        for thread in threads:
            thread.join(timeout=TIMEOUT + 5)
        stuck = sum(thread.is_alive() for thread in threads)
        after = {draft.title: readers.get(draft.url) for draft in published}
        listing = readers.get(index.url).text
    finally:
        stop.set()
        readers.close()
        web.stop()

    server_errors = {code: n for code, n in statuses.items() if code >= 500}
    assert not server_errors, f"{server_errors}\n{web.output()}"
    assert failures == [], f"{len(failures)} failed: {failures[:5]}"
    assert stuck == 0
    assert set(statuses) == {200}, statuses
    assert statuses[200] >= READERS  # the readers were all answered, and more
    assert len(published) == PUBLISHES
    for title, page in after.items():
        assert page.status_code == 200 and title in page.text, title
        assert title in listing, title
