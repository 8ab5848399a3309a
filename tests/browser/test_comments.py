"""Done when: a reader posts a comment, an editor approves it in the admin, and the
comment shows on the public page through the cache.

Readers go through a real Varnish (deploy/varnish/run, our VCL with xkey) in front of
the live server; the app purges it as in production. Three browser contexts, so no
cookie crosses from one person to another: the reader who writes, the editor (a
member of the Editors group, not a superuser, working in the admin directly), and a
second, anonymous reader who only reads, and whose page is first a cache hit.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from celery import current_app as celery_app
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from articles.models import ArticlePage
from readers.models import Comment
from rexchange.newsroom.roles import EDITORS
from rexchange.newsroom.services import newsroom_permissions_ensure
from tests.browser.conftest import PageWatch, wagtail_initial_rows
from tests.services import require

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Does the general licence cover magnets made from these oxides?"
PASSWORD = "a long editor password 42"


@pytest.fixture
def article(live_server, media_on_disk):
    wagtail_initial_rows()
    call_command("load_demo", stdout=io.StringIO())
    newsroom_permissions_ensure()
    return ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")


# From the ports this suite may use; the admin port is Varnish's management socket.
VARNISH_PORT = int(os.environ.get("REXCHANGE_TEST_VARNISH_PORT", "8161"))
RUN = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "run"


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def varnish(live_server, settings, monkeypatch):
    """Our Varnish in front of the live server, purged by the app after commit."""
    require(bool(shutil.which("varnishd")), "needs Varnish: apt-get install varnish")
    backend = live_server.url.rsplit(":", 1)[1]
    workdir = tempfile.mkdtemp(prefix="rexchange-varnish-")
    os.chmod(workdir, 0o755)  # noqa: S103 - varnishd reads it as its own user
    process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
        [str(RUN), str(VARNISH_PORT), backend, str(VARNISH_PORT + 2), workdir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        if _listening(VARNISH_PORT) or process.poll() is not None:
            break
        time.sleep(0.1)
    if process.poll() is not None:
        pytest.fail(f"Varnish did not start: {process.stderr.read().decode()[-500:]}")
    url = f"http://127.0.0.1:{VARNISH_PORT}"
    settings.CACHE_PURGE_URLS = [url + "/"]
    # Purges run where the change happens, as they would through a worker.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    yield url
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(workdir, ignore_errors=True)


def reader_url(varnish: str, path: str) -> str:
    """Where anonymous readers fetch pages: through the page cache."""
    return varnish + path


def _person(browser) -> tuple[object, PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context, PageWatch(context.new_page())


def _read(browser, url):
    """An anonymous reader with an empty browser cache opens `url`: the count under
    the title and the page cache's verdict (HIT, MISS)."""
    context, person = _person(browser)
    try:
        response = person.visit(url)
        assert response.status == 200
        assert person.errors == []
        count = person.tab.locator(".comment-count").inner_text()
        return count, response.headers.get("x-cache", "")
    finally:
        context.close()


def test_reader_comments_editor_approves_and_the_public_page_shows_it(
    browser, live_server, article, varnish
):
    editor = User.objects.create_user("eda", password=PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))
    people = []
    try:
        page_url = reader_url(varnish, article.url)
        _read(browser, page_url)
        assert _read(browser, page_url) == ("0 Comments", "HIT")

        # A reader writes, previews, and posts; no JavaScript is needed for any of it.
        context, reader = _person(browser)
        people.append(context)
        reader.visit(page_url)
        form = reader.tab.locator("form.comment-form")
        form.get_by_label("Name").fill("Mei Tanaka")
        form.get_by_label("Email").fill("mei@example.org")
        form.get_by_label("Comment").fill(COMMENT)
        form.get_by_role("button", name="Preview comment").click()
        reader.tab.wait_for_load_state("networkidle")
        assert COMMENT in reader.tab.locator(".comment-preview").inner_text()
        reader.tab.get_by_role("button", name="Post comment").click()
        reader.tab.wait_for_load_state("networkidle")
        notice = reader.tab.locator(".comment-notice").inner_text()
        assert "once an editor has read it" in notice
        assert (
            COMMENT not in reader.tab.locator(".comment-list, .comments").inner_text()
        )
        reader.screenshot("comment-waiting")
        assert reader.errors == []
        # A waiting comment changes nothing readers see: the cached page stands.
        assert _read(browser, page_url) == ("0 Comments", "HIT")

        # The editor finds it on the dashboard and approves it.
        context, desk = _person(browser)
        people.append(context)
        desk.visit(live_server.url + "/admin/login/")
        desk.tab.get_by_label("Username").fill("eda")
        desk.tab.get_by_label("Password").fill(PASSWORD)
        desk.tab.get_by_role("button", name="Sign in").click()
        desk.tab.wait_for_url(live_server.url + "/admin/")
        panel = desk.tab.locator("#readers-comments-waiting-section")
        assert "1 comment" in panel.inner_text()
        panel.get_by_role("link", name="Mei Tanaka").click()
        desk.tab.wait_for_load_state("networkidle")
        desk.tab.get_by_role("button", name="Approve", exact=True).click()
        desk.tab.wait_for_load_state("networkidle")
        desk.screenshot("comment-approved-admin")
        assert desk.errors == []
        assert Comment.objects.get().status == Comment.Status.APPROVED

        # The approval purged the page: the anonymous reader sees the comment, and
        # the next reader gets it from the cache.
        assert _read(browser, page_url) == ("1 Comment", "MISS")
        context, someone = _person(browser)
        people.append(context)
        response = someone.visit(page_url)
        assert response.headers.get("x-cache") == "HIT"
        assert someone.tab.locator(".comment-count").inner_text() == "1 Comment"
        thread = someone.tab.locator("#comments").inner_text()
        assert COMMENT in thread
        assert "Mei Tanaka" in thread
        assert "mei@example.org" not in someone.tab.content()
        assert context.cookies() == []  # nothing personal: the page can be cached
        someone.screenshot("comment-public")
        assert someone.errors == []
    finally:
        for context in people:
            context.close()
