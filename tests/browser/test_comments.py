"""Done when: a reader posts a comment, an editor approves it in the admin, and the
comment shows on the public page, fetched as an anonymous reader.

Three browser contexts, so no cookie crosses from one person to another: the reader
who writes, the editor (a member of the Editors group, not a superuser), and a
second, anonymous reader who only reads. The anonymous reader's page is fetched
through `reader_url`, the one place to point at the page cache once it is in front
of the site.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from articles.models import ArticlePage
from readers.models import Comment
from rexchange.newsroom.roles import EDITORS
from rexchange.newsroom.services import newsroom_permissions_ensure
from tests.browser.conftest import PageWatch, wagtail_initial_rows

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Does the general licence cover magnets made from these oxides?"
PASSWORD = "a long editor password 42"


@pytest.fixture
def article(live_server):
    wagtail_initial_rows()
    call_command("load_demo", stdout=io.StringIO())
    newsroom_permissions_ensure()
    return ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")


def reader_url(live_server, path: str) -> str:
    """Where anonymous readers fetch pages: the app today, the page cache once it
    stands in front of it."""
    return live_server.url + path


def _person(browser) -> tuple[object, PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context, PageWatch(context.new_page())


def test_reader_comments_editor_approves_and_the_public_page_shows_it(
    browser, live_server, article
):
    editor = User.objects.create_user("eda", password=PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))
    people = []
    try:
        # A reader writes, previews, and posts; no JavaScript is needed for any of it.
        context, reader = _person(browser)
        people.append(context)
        reader.visit(reader_url(live_server, article.url))
        assert reader.tab.locator(".comment-count").inner_text() == "0 Comments"
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

        # Someone else, anonymous, reads the piece and sees the comment.
        context, someone = _person(browser)
        people.append(context)
        response = someone.visit(reader_url(live_server, article.url))
        assert response.status == 200
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
