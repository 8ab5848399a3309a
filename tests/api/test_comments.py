"""Approved readers' comments in the API: never an email, never a waiting comment,
never a comment on a page readers cannot see."""

import pytest

from readers.models import Comment
from tests.factories.api import make_article, make_private

pytestmark = pytest.mark.django_db


def _comment(page, status=Comment.Status.APPROVED, **kwargs):
    return Comment.objects.create(
        page=page,
        name=kwargs.pop("name", "Mei"),
        email="mei@example.org",
        body=kwargs.pop("body", "Which exporters?"),
        status=status,
        **kwargs,
    )


def test_only_approved_comments_on_public_pages_are_listed(client, article_index):
    article = make_article(article_index)
    hidden = make_article(article_index)
    make_private(hidden)
    shown = _comment(article)
    _comment(article, Comment.Status.PENDING, body="waiting")
    _comment(article, Comment.Status.SPAM, body="spam")
    _comment(hidden, body="behind a password")
    data = client.get("/api/v1/comments/").json()
    assert [c["id"] for c in data["results"]] == [shown.pk]
    assert data["results"][0]["page"]["id"] == article.pk
    assert data["results"][0]["text"] == "Which exporters?"
    assert "mei@example.org" not in str(data)


def test_comment_detail_carries_rights_and_no_email(client, article_index):
    comment = _comment(make_article(article_index))
    detail = client.get(f"/api/v1/comments/{comment.pk}/").json()
    assert detail["rights"]["copyright_holder"]
    assert "email" not in detail
    pending = _comment(make_article(article_index), Comment.Status.PENDING)
    assert client.get(f"/api/v1/comments/{pending.pk}/").status_code == 404


def test_comments_filter_by_page(client, article_index):
    one, two = make_article(article_index), make_article(article_index)
    _comment(one)
    mine = _comment(two)
    data = client.get(f"/api/v1/comments/?page_id={two.pk}").json()
    assert [c["id"] for c in data["results"]] == [mine.pk]
    assert client.get("/api/v1/comments/?page_id=nope").status_code == 400


def test_comment_list_runs_the_same_queries_for_1_and_100_comments(
    client, article_index
):
    from tests.api.test_query_counts import _assert_constant

    articles = [make_article(article_index), make_article(article_index)]

    def grow(n):
        for i in range(n):
            _comment(articles[i % 2], name=f"Reader {i}")

    _assert_constant(client, "/api/v1/comments/?page_size=100", grow)
