"""The change feed: every visible change once, in one order a consumer can follow."""

import pytest

from tests.factories import highlight
from tests.factories.api import make_article, publish

pytestmark = pytest.mark.django_db


def walk(client, url, page_size=2):
    """Follow `next` links to the end; returns (changes, where to resume)."""
    seen = []
    while True:
        response = (
            client.get(url)
            if "cursor=" in url
            else client.get(url, {"page_size": page_size})
        )
        assert response.status_code == 200, response.content
        body = response.json()
        seen += body["results"]
        if not body["results"]:
            return seen, body["next"]
        url = body["next"]


def summary(changes):
    return [(c["type"], c["kind"]) for c in changes]


def test_walking_the_feed_across_an_articles_life_sees_each_change_once(
    client, article_index
):
    start = "/api/v1/changes/?type=article,highlight"
    _, resume = walk(client, start)
    article = make_article(article_index, texts=("First claim.", "Second claim."))
    ids = {h.pk for h in article.api_highlights.all()}
    first_published = {h.pk: h.published_at for h in article.api_highlights.all()}
    log = []

    published, resume = walk(client, resume)
    assert summary(published) == [("highlight", "publish")] * 2 + [
        ("article", "publish")
    ]
    log += published

    article.title = "A new title"
    publish(article)
    edited, resume = walk(client, resume)
    # The highlights embed the article's title, so they changed too.
    assert summary(edited) == [("highlight", "update")] * 2 + [("article", "update")]
    log += edited

    article.unpublish()
    unpublished, resume = walk(client, resume)
    assert summary(unpublished) == [("highlight", "unpublish")] * 2 + [
        ("article", "unpublish")
    ]
    assert all(c["tombstone"]["id"] == c["id"] for c in unpublished)
    assert all(c["url"] is None for c in unpublished)
    log += unpublished

    publish(article)
    republished, resume = walk(client, resume)
    assert summary(republished) == [("highlight", "publish")] * 2 + [
        ("article", "publish")
    ]
    log += republished
    for item in article.api_highlights.all():
        assert item.published_at == first_published[item.pk]

    article_id = article.pk
    article.delete()
    deleted, resume = walk(client, resume)
    assert summary(deleted) == [("highlight", "delete")] * 2 + [("article", "delete")]
    assert all(c["tombstone"]["type"] == c["type"] for c in deleted)
    log += deleted

    nothing, _ = walk(client, resume)
    assert nothing == []
    sequences = [c["sequence"] for c in log]
    assert sequences == sorted(set(sequences)), "strictly increasing, no repeats"
    assert {c["id"] for c in log if c["type"] == "highlight"} == {str(i) for i in ids}
    assert {c["id"] for c in log if c["type"] == "article"} == {str(article_id)}
    again, _ = walk(client, start)
    assert [c["sequence"] for c in again] == sequences, "a fresh walk sees the same"


def test_feed_items_link_to_the_object_while_it_is_out(client, article_index):
    article = make_article(article_index, texts=("A claim.",))
    changes, _ = walk(client, "/api/v1/changes/?type=article")
    assert changes[-1]["url"].endswith(f"/api/v1/articles/{article.pk}/")
    assert changes[-1]["tombstone"] is None
    assert client.get(changes[-1]["url"]).status_code == 200


def test_reference_data_and_events_are_in_the_feed(client, general_licence_event):
    changes, _ = walk(client, "/api/v1/changes/?type=event,regulator")
    assert ("event", "publish") in summary(changes)
    assert ("regulator", "publish") in summary(changes)


def test_a_published_highlight_keeps_its_first_publication_time(client, article_index):
    article = make_article(article_index, highlights=[highlight("Kept.")])
    before = client.get("/api/v1/highlights/").json()["results"][0]
    article.unpublish()
    article.title = "Back again"
    publish(article)
    after = client.get("/api/v1/highlights/").json()["results"][0]
    assert after["id"] == before["id"]
    assert after["published_at"] == before["published_at"]
