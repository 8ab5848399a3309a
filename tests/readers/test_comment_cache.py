"""Comments never break the page cache: the article page is shareable and tagged
with its key, approving a comment purges that page (and the API's comment lists),
opening or closing a page to comments purges it, and the post URL is never cached."""

from __future__ import annotations

import pytest
from celery import current_app as celery_app
from django.urls import reverse

from readers.models import Comment, PageComments
from readers.services.comments import comment_moderate, comment_submit
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def purges(httpserver, settings, monkeypatch):
    """A stand-in Varnish on 127.0.0.1 that records the keys of each purge."""
    seen: list[set[str]] = []

    def handler(request):
        from werkzeug import Response

        seen.append(set(request.headers.get("xkey-purge", "").split()))
        return Response("", headers={"x-purged": "1"})

    httpserver.expect_request("/", method="PURGE").respond_with_handler(handler)
    settings.CACHE_PURGE_URLS = [httpserver.url_for("/")]
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    return seen


@pytest.fixture
def article(article_index):
    return make_article(article_index, title="General licences, read closely")


def _keys(seen) -> set[str]:
    return set().union(*seen) if seen else set()


def test_approving_a_comment_purges_its_page_and_the_comment_lists(
    purges, article, django_capture_on_commit_callbacks
):
    comment = comment_submit(
        page=article, name="Mei", email="mei@example.org", body="Hi.", ip_address=None
    )
    assert purges == []  # waiting comments change nothing readers see
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    assert {f"page-{article.pk}", "comments"} <= _keys(purges)


def test_hiding_an_approved_comment_purges_its_page_again(
    purges, article, django_capture_on_commit_callbacks
):
    comment = Comment.objects.create(
        page=article,
        name="Mei",
        email="m@example.org",
        body="Hi.",
        status=Comment.Status.APPROVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, status=Comment.Status.SPAM)
    assert f"page-{article.pk}" in _keys(purges)


def test_closing_a_piece_purges_it(purges, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageComments.objects.create(page=article, state=PageComments.State.CLOSED)
    assert f"page-{article.pk}" in _keys(purges)


def test_article_page_is_shared_and_tagged_while_posting_is_private(client, article):
    page = client.get(article.url)
    assert "public" in page["Cache-Control"]
    assert f"page-{article.pk}" in page["xkey"].split()
    posted = client.post(
        reverse("readers:comment_post", args=[article.pk]),
        {"name": "Mei", "email": "m@example.org", "body": "Hi.", "website": ""},
    )
    assert "private" in posted["Cache-Control"]
    assert "xkey" not in posted


def test_comment_api_list_is_tagged_for_purging(client, article):
    Comment.objects.create(
        page=article,
        name="Mei",
        email="m@example.org",
        body="Hi.",
        status=Comment.Status.APPROVED,
    )
    response = client.get("/api/v1/comments/")
    assert {"comments", f"page-{article.pk}"} <= set(response["xkey"].split())
