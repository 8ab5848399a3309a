"""Done-when for the shared cache: a real varnishd with the repo's VCL in front of a
live app server on the test database. Publishing reaches readers within a second,
unpublishing too; previews and editors' sessions are never served from or stored in
the cache; a stopped Varnish does not stop publishing."""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from celery import current_app as celery_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from wagtail.models import Locale, Page, Site

from articles.models import ArticlePage
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    HomePageFactory,
)
from tests.services import require

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
APP_PORT, VARNISH_PORT, ADMIN_PORT = 8115, 8116, 8117
VARNISH = f"http://127.0.0.1:{VARNISH_PORT}"
XKEY_GLOB = "/usr/lib/*/varnish/vmods/libvmod_xkey.so"
DEADLINE = 1.0  # seconds from publish to readers seeing it, per the issue


def _require_varnish() -> None:
    require(
        bool(shutil.which("varnishd")) and bool(glob.glob(XKEY_GLOB)),
        "needs Varnish with xkey: apt-get install varnish varnish-modules",
    )


class ReusableLiveServerThread(LiveServerThread):
    """Django's live server, allowed to rebind the fixed port a moment after the last
    run closed it (Django refuses while the old socket lingers in TIME_WAIT)."""

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            QuietWSGIRequestHandler,
            allow_reuse_address=True,
            connections_override=connections_override,
        )


class Varnish:
    """varnishd in the foreground, started by deploy/varnish/run, ours to stop."""

    def __init__(self):
        # varnishd reads its files as the varnish user: not from pytest's 0700 tmp.
        self.workdir = Path(tempfile.mkdtemp(prefix="rexchange-varnish-"))
        self.workdir.chmod(0o755)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [
                str(REPO / "deploy/varnish/run"),
                str(VARNISH_PORT),
                str(APP_PORT),
                str(ADMIN_PORT),
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if httpx.get(f"{VARNISH}/health/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail("varnishd did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@pytest.fixture
def site_tree(transactional_db):
    """Root, home and analysis index, rebuilt after the transactional flush."""
    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code="en-gb")
        Page.add_root(instance=Page(title="Root", slug="root"))
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="127.0.0.1", port=80, root_page=home, is_default_site=True
    )
    return ArticleIndexPageFactory(parent=home, show_in_menus=True)


@pytest.fixture
def varnish(site_tree, settings, monkeypatch):
    """Varnish on VARNISH_PORT in front of a live server on the test database, with
    purges sent to it from this process (as they are without a broker)."""
    _require_varnish()
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(f"127.0.0.1:{APP_PORT}", start=False)
    server.thread.__class__ = ReusableLiveServerThread
    server.start()
    settings.CACHE_PURGE_URLS = [f"{VARNISH}/"]
    # As production serves pages: misses built from stored parts where they can be.
    settings.PAGE_FRAGMENT_CACHE = True
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    cache = Varnish()
    cache.start()
    yield cache
    cache.remove()
    server.stop()


def _get(path: str, **kwargs) -> httpx.Response:
    return httpx.get(f"{VARNISH}{path}", timeout=5, **kwargs)


def _until(check, deadline: float = DEADLINE) -> float | None:
    """Seconds until check() held, or None if it never did before the deadline."""
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if check():
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def _editor_cookies() -> dict[str, str]:
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    client = Client()
    client.force_login(user)
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
    }


def test_a_published_edit_is_served_through_the_cache_within_a_second(
    varnish, site_tree
):
    article = ArticlePageFactory(parent=site_tree, title="General licences granted")
    assert _get(article.url).status_code == 200
    cached = _get(article.url)
    assert cached.headers["X-Cache"] == "HIT"
    article.title = "General licences granted to some exporters"
    article.save_revision().publish()
    # In the article's own heading, not only in <title>: the text is a stored part.
    new_heading = '<h1 id="article-title">General licences granted to some exporters'
    took = _until(lambda: new_heading in _get(article.url).text)
    assert took is not None, "the new title was not served within a second"
    # and the listing that shows it moved on too
    assert "to some exporters" in _get(site_tree.url).text


def test_unpublishing_makes_the_page_404_through_the_cache_within_a_second(
    varnish, site_tree
):
    article = ArticlePageFactory(parent=site_tree)
    _get(article.url)
    assert _get(article.url).headers["X-Cache"] == "HIT"
    ArticlePage.objects.get(pk=article.pk).unpublish()
    took = _until(lambda: _get(article.url).status_code == 404)
    assert took is not None, "the unpublished page was still served after a second"


def test_a_404_does_not_hide_a_page_published_at_that_url(varnish, site_tree):
    article = ArticlePageFactory(parent=site_tree, slug="coming-soon", live=False)
    assert _get("/analysis/coming-soon/").status_code == 404
    assert _get("/analysis/coming-soon/").headers["X-Cache"] == "HIT"
    article.save_revision().publish()
    assert _until(lambda: _get("/analysis/coming-soon/").status_code == 200)


def test_previews_and_editor_sessions_are_never_served_from_or_stored_in_the_cache(
    varnish, site_tree
):
    article = ArticlePageFactory(parent=site_tree, title="Live title")
    cookies = _editor_cookies()
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "Draft title nobody may see"
    revision = draft.save_revision()
    # The draft as the editor previews it, from its revision.
    preview_url = f"/admin/pages/{article.pk}/revisions/{revision.pk}/view/"

    preview = _get(preview_url, cookies=cookies)
    again = _get(preview_url, cookies=cookies)
    assert "Draft title nobody may see" in preview.text
    assert again.headers["X-Cache"] != "HIT"
    # A reader asking for the preview is sent to sign in, never given the draft.
    anonymous = _get(preview_url)
    assert "Draft title nobody may see" not in anonymous.text

    # The editor's own view of the page (with the user bar) is not stored ...
    as_editor = _get(article.url, cookies=cookies)
    assert as_editor.headers["X-Cache"] != "HIT"
    reader = _get(article.url)
    assert reader.headers["X-Cache"] == "MISS"
    assert "wagtail-userbar" not in reader.text
    # ... and a reader's cached copy is never served to the editor.
    assert _get(article.url).headers["X-Cache"] == "HIT"
    assert _get(article.url, cookies=cookies).headers["X-Cache"] != "HIT"
    assert "Draft title" not in _get(article.url).text


def test_a_stopped_varnish_does_not_stop_publishing(varnish, site_tree, caplog):
    article = ArticlePageFactory(parent=site_tree, live=False)
    varnish.stop()
    ArticlePage.objects.get(pk=article.pk).save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).live
    assert "Cache purge failed" in caplog.text
