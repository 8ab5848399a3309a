"""Readers comment on articles: moderated first comments, escaped text, bounded
abuse, a cacheable article page, and the approval signal for the page cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from readers.models import ApprovedCommenter, Comment, PageComments
from readers.services.comments import comment_moderate, comment_submit
from readers.signals import comment_approved
from readers.text import comment_text_html
from tests.factories import LicenceEventPageFactory
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(article_index):
    return make_article(article_index, title="General licences, read closely")


def _post(client, page, *, step="post", **fields):
    data = {
        "name": "Mei",
        "email": "Mei@Example.org",
        "body": "Which exporters qualify?",
        "website": "",
        **fields,
    }
    if step:
        data["step"] = step
    return client.post(reverse("readers:comment_post", args=[page.pk]), data)


def test_first_comment_waits_and_is_not_shown(client, article):
    response = _post(client, article)
    assert response.status_code == 302
    assert response["Location"].endswith("?comment=waiting#comments")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.email == "mei@example.org"
    page = client.get(article.url)
    assert "Which exporters qualify?" not in page.content.decode()
    assert "0 Comments" in page.content.decode()


def test_approved_comment_shows_with_count_and_without_email(client, article):
    comment = comment_submit(
        page=article,
        name="Mei",
        email="mei@example.org",
        body="Good read.",
        ip_address="192.0.2.1",
    )
    comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    html = client.get(article.url).content.decode()
    assert "1 Comment<" in html
    assert "Good read." in html
    assert "mei@example.org" not in html


def test_approving_sends_the_signal_after_commit(
    article, django_capture_on_commit_callbacks
):
    seen = []

    def receiver(sender, page_id, comment, **kwargs):
        seen.append(page_id)

    comment_approved.connect(receiver)
    try:
        comment = comment_submit(
            page=article,
            name="Mei",
            email="mei@example.org",
            body="Hi.",
            ip_address=None,
        )
        with django_capture_on_commit_callbacks(execute=True):
            comment_moderate(comment=comment, status=Comment.Status.APPROVED)
        assert seen == [article.pk]
    finally:
        comment_approved.disconnect(receiver)


def test_approved_address_posts_directly_until_revoked(client, article):
    first = comment_submit(
        page=article, name="Mei", email="mei@example.org", body="One.", ip_address=None
    )
    comment_moderate(comment=first, status=Comment.Status.APPROVED, trust_address=True)
    response = _post(client, article, body="Two.")
    second = Comment.objects.latest("pk")
    assert second.status == Comment.Status.APPROVED
    assert response["Location"].endswith(f"#comment-{second.pk}")
    ApprovedCommenter.objects.filter(email="mei@example.org").delete()
    _post(client, article, body="Three.")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_comment_text_is_escaped_and_links_are_nofollow_ugc():
    html = comment_text_html(
        '<script>alert(1)</script> see https://example.org/a?b=1&c=2.\n"quoted"'
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        in html
    )
    assert "</a>.<br>&quot;quoted&quot;" in html


def test_too_many_links_are_refused_next_to_the_field(client, article):
    body = " ".join(f"https://example.org/{n}" for n in range(3))
    response = _post(client, article, body=body)
    assert response.status_code == 400
    assert "2 links or fewer" in response.content.decode()
    assert not Comment.objects.exists()


def test_over_long_comment_is_refused(client, article):
    response = _post(client, article, body="x" * 3001)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_honeypot_comment_is_dropped_silently(client, article):
    response = _post(client, article, website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_rate_limit_per_address(client, article, settings):
    settings.COMMENT_RATE_PER_ADDRESS = 2
    assert _post(client, article, body="a").status_code == 302
    assert _post(client, article, body="b").status_code == 302
    response = _post(client, article, body="c")
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    assert _post(client, article, email="other@example.org").status_code == 302


def test_rate_limit_per_ip_across_addresses(client, article, settings):
    settings.COMMENT_RATE_PER_IP = 2
    for n in range(2):
        assert _post(client, article, email=f"r{n}@example.org").status_code == 302
    assert _post(client, article, email="r9@example.org").status_code == 429
    assert Comment.objects.count() == 2


def test_first_step_previews_and_the_second_needs_csrf(article):
    client = Client(enforce_csrf_checks=True)
    preview = _post(client, article, step=None)
    assert preview.status_code == 200
    assert "Preview" in preview.content.decode()
    assert "csrfmiddlewaretoken" in preview.content.decode()
    assert not Comment.objects.exists()
    forged = _post(client, article)
    assert forged.status_code == 403
    assert not Comment.objects.exists()
    token = preview.context["csrf_token"]
    posted = _post(client, article, csrfmiddlewaretoken=str(token))
    assert posted.status_code == 302
    assert Comment.objects.count() == 1


def test_post_url_is_never_cached_and_article_page_sets_no_cookie(client, article):
    response = _post(client, article, step=None)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    page = client.get(article.url)
    assert "csrftoken" not in page.cookies
    assert 'action="/comments/post/' in page.content.decode()


def test_closed_piece_keeps_its_thread_and_refuses_posts(client, article):
    comment = comment_submit(
        page=article,
        name="Mei",
        email="mei@example.org",
        body="Kept.",
        ip_address=None,
    )
    comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    PageComments.objects.create(page=article, state=PageComments.State.CLOSED)
    html = client.get(article.url).content.decode()
    assert "Kept." in html
    assert "Comments are closed" in html
    assert _post(client, article).status_code == 404


def test_events_take_comments_only_when_an_editor_opens_them(client, tracker):
    event = LicenceEventPageFactory(parent=tracker)
    assert "comments" not in client.get(event.url).content.decode().lower()
    assert _post(client, event).status_code == 404
    PageComments.objects.create(page=event, state=PageComments.State.OPEN)
    assert "0 Comments" in client.get(event.url).content.decode()
    assert _post(client, event).status_code == 302


def test_article_page_queries_do_not_grow_with_comments(
    client, article, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            Comment.objects.create(
                page=article,
                name=f"R{i}",
                email=f"r{i}@example.org",
                body="Yes.",
                status=Comment.Status.APPROVED,
            )

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(article.url)
    add(99)
    with django_assert_max_num_queries(len(one)):
        html = client.get(article.url).content.decode()
    assert "100 Comments" in html


def test_comments_enter_the_change_feed_when_shown_hidden_and_deleted(client, article):
    """An API consumer following /api/v1/changes/ learns of each comment readers can
    see, of its removal when an editor rejects it, and of its deletion; a comment
    still waiting for an editor is not in the feed."""

    def feed():
        body = client.get("/api/v1/changes/", {"type": "comment"}).json()
        return [(c["id"], c["kind"]) for c in body["results"]]

    comment = comment_submit(
        page=article, name="Mei", email="mei@example.org", body="Hi", ip_address=None
    )
    assert feed() == []
    comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    key = str(comment.pk)
    assert feed() == [(key, "publish")]
    detail = client.get("/api/v1/changes/", {"type": "comment"}).json()["results"][0]
    assert detail["url"].endswith(f"/api/v1/comments/{comment.pk}/")
    comment_moderate(comment=comment, status=Comment.Status.REJECTED)
    assert feed() == [(key, "publish"), (key, "unpublish")]
    comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    Comment.objects.filter(pk=comment.pk).get().delete()
    assert feed() == [
        (key, "publish"),
        (key, "unpublish"),
        (key, "publish"),
        (key, "delete"),
    ]
