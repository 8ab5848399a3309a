"""The change feed and webhooks show consumers what readers see: nothing behind a
password or a group restriction, nothing in an unpublished section."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from rexchange.webhooks.models import WebhookDelivery
from rexchange.webhooks.services import webhook_subscription_create
from tests.factories.api import (
    LicenceEventPageFactory,
    make_article,
    make_private,
    publish,
)

from .test_change_feed import summary

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/changes/?type=article,highlight&page_size=2"
EVENTS = "/api/v1/changes/?type=event&page_size=2"


def walk(client, url):
    """Follow `next` links to the end; returns (changes, where to resume)."""
    seen = []
    while True:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += body["results"]
        if not body["results"]:
            return seen, body["next"]
        url = body["next"]


def _about(changes, article):
    """The changes about this article and its highlights."""
    highlights = {str(h.pk) for h in article.api_highlights.all()}
    return [
        c
        for c in changes
        if (c["type"] == "article" and c["id"] == str(article.pk))
        or (c["type"] == "highlight" and c["id"] in highlights)
    ]


def test_an_article_published_behind_a_password_never_reaches_the_feed(
    client, article_index, settings, django_capture_on_commit_callbacks
):
    settings.INGEST_PRIVATE_ALLOWLIST = "127.0.0.1:8139"
    subscription, _ = webhook_subscription_create(
        name="Desk", url="http://127.0.0.1:8139/hook", event_types=["article"]
    )
    _, resume = walk(client, ARTICLES)
    make_private(article_index)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(article_index, texts=("Secret claim.",))
        article.title = "Still secret"
        publish(article)
    changes, _ = walk(client, resume)
    assert changes == []
    assert not WebhookDelivery.objects.filter(subscription=subscription).exists()
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404


def test_an_article_in_a_group_restricted_section_never_reaches_the_feed(
    client, article_index
):
    _, resume = walk(client, ARTICLES)
    restriction = PageViewRestriction.objects.create(
        page=article_index, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Subscribers only"))
    make_article(article_index, texts=("Members' claim.",))
    changes, _ = walk(client, resume)
    assert changes == []


def test_a_restriction_added_later_reads_as_a_removal_and_lifting_it_as_a_publish(
    client, article_index
):
    article = make_article(article_index, texts=("First.", "Second."))
    _, resume = walk(client, ARTICLES)

    restriction = make_private(article)
    hidden, resume = walk(client, resume)
    assert summary(hidden) == [("highlight", "unpublish")] * 2 + [
        ("article", "unpublish")
    ]
    assert all(c["tombstone"] and c["url"] is None for c in hidden)

    article.title = "Edited while private"
    publish(article)
    restriction.password = "another"
    restriction.save()
    quiet, resume = walk(client, resume)
    assert quiet == [], "nothing readers cannot see"

    restriction.delete()
    back, _ = walk(client, resume)
    assert summary(back) == [("highlight", "publish")] * 2 + [("article", "publish")]
    assert client.get(back[-1]["url"]).json()["title"] == "Edited while private"


def test_unpublishing_the_section_removes_its_articles_and_republishing_restores(
    client, article_index
):
    article = make_article(article_index, texts=("Claim.",))
    publish(article_index)
    _, resume = walk(client, ARTICLES)

    article_index.unpublish()
    gone, resume = walk(client, resume)
    assert summary(_about(gone, article)) == [
        ("highlight", "unpublish"),
        ("article", "unpublish"),
    ]

    publish(article_index)
    back, _ = walk(client, resume)
    assert summary(_about(back, article)) == [
        ("highlight", "publish"),
        ("article", "publish"),
    ]


def test_a_password_protected_event_reads_as_removed_and_never_as_published(
    client, general_licence_event
):
    event = publish(general_licence_event)
    _, resume = walk(client, EVENTS)

    restriction = make_private(event)
    hidden, resume = walk(client, resume)
    assert summary(hidden) == [("event", "unpublish")]
    assert hidden[0]["id"] == str(event.pk)

    event.title = "Corrected while private"
    publish(event)
    quiet, resume = walk(client, resume)
    assert quiet == []

    restriction.delete()
    back, _ = walk(client, resume)
    assert summary(back) == [("event", "publish")]


def test_an_event_published_under_a_restricted_tracker_is_not_in_the_feed(
    client, tracker
):
    make_private(tracker)
    _, resume = walk(client, EVENTS)
    publish(LicenceEventPageFactory(parent=tracker))
    changes, _ = walk(client, resume)
    assert changes == []


def test_a_comment_approved_on_a_password_protected_page_is_not_in_the_feed(
    client, article_index
):
    from readers.models import Comment
    from readers.services.comments import comment_moderate

    hidden = make_article(article_index)
    make_private(hidden)
    shown = make_article(article_index)
    _, resume = walk(client, "/api/v1/changes/?type=comment&page_size=2")
    for page in (hidden, shown):
        comment = Comment.objects.create(
            page=page, name="Mei", email="mei@example.org", body="Which exporters?"
        )
        comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    changes, _ = walk(client, resume)
    assert [(c["id"], c["kind"]) for c in changes] == [(str(comment.pk), "publish")]
