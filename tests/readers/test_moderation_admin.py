"""Editors moderate comments in the Wagtail admin: the dashboard panel, one
comment's actions, closing a piece; writers cannot."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from readers.models import ApprovedCommenter, Comment, PageComments
from rexchange.newsroom.roles import EDITORS, WRITERS
from rexchange.newsroom.services import newsroom_permissions_ensure
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


def _member(name: str, group: str) -> User:
    newsroom_permissions_ensure()
    user = User.objects.create_user(username=name, password="not-used-here")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def waiting(article_index):
    article = make_article(article_index, title="General licences, read closely")
    return Comment.objects.create(
        page=article, name="Mei", email="mei@example.org", body="Which exporters?"
    )


def _moderate(client, comment, action):
    url = reverse(Comment.snippet_viewset.get_url_name("moderate"), args=[comment.pk])
    return client.post(url, {"action": action})


def test_dashboard_panel_lists_what_waits_for_editors(client, waiting):
    client.force_login(_member("eda", EDITORS))
    html = client.get("/admin/").content.decode()
    assert "Comments waiting" in html
    assert "1 comment</a> waiting" in html
    assert "Mei: Which exporters?" in html


def test_editor_approves_and_trusts_the_address(client, waiting):
    editor = _member("eda", EDITORS)
    client.force_login(editor)
    inspect = client.get(
        reverse(Comment.snippet_viewset.get_url_name("inspect"), args=[waiting.pk])
    )
    assert "Which exporters?" in inspect.content.decode()
    assert _moderate(client, waiting, "approve_trust").status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert waiting.moderated_by == editor
    assert ApprovedCommenter.objects.filter(email="mei@example.org").exists()


def test_editor_marks_spam_and_closes_the_piece(client, waiting):
    client.force_login(_member("eda", EDITORS))
    _moderate(client, waiting, "spam")
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.SPAM
    _moderate(client, waiting, "close")
    assert PageComments.objects.get(page=waiting.page).state == "closed"


def test_writers_cannot_moderate(client, waiting):
    client.force_login(_member("wanda", WRITERS))
    assert "Comments waiting" not in client.get("/admin/").content.decode()
    assert _moderate(client, waiting, "approve").status_code in (302, 403)
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING


def test_editor_approves_several_comments_from_the_list_at_once(client, waiting):
    """The bulk action asks first, naming each comment, then approves them all."""
    second = Comment.objects.create(
        page=waiting.page, name="Ravi", email="ravi@example.org", body="Which volumes?"
    )
    client.force_login(_member("eda", EDITORS))
    url = (
        reverse("wagtail_bulk_action", args=("readers", "comment", "approve_comments"))
        + f"?id={waiting.pk}&id={second.pk}"
    )
    confirm = client.get(url)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Approve: 2 comments?" in html
    assert html.count("<li>") >= 2
    response = client.post(url)
    assert response.status_code == 302
    statuses = set(Comment.objects.values_list("status", flat=True))
    assert statuses == {Comment.Status.APPROVED}
