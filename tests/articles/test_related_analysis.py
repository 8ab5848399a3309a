"""Related analysis: under an article, other pieces on its topics or events; under a
licence event, other pieces on its materials."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleAuthor
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    TopicFactory,
)
from tests.factories.api import make_private

pytestmark = pytest.mark.django_db


def _related(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("section.related-analysis")
    if section is None:
        return []
    return [a.get_text() for a in section.select(".card-title a")]


def _day(n: int) -> dt.date:
    return dt.date(2025, 1, 1) + dt.timedelta(days=n)


def test_article_lists_pieces_sharing_a_topic_or_an_event_newest_first(
    client, article_index, tracker
):
    topic, event = TopicFactory(), LicenceEventPageFactory(parent=tracker)
    page = ArticlePageFactory(
        parent=article_index, topics=[topic], related_events=[event]
    )
    ArticlePageFactory(parent=article_index, title="On the topic", topics=[topic])
    ArticlePageFactory(
        parent=article_index, title="On the event", related_events=[event]
    )
    ArticlePageFactory(parent=article_index, title="On something else")
    ArticlePageFactory(
        parent=article_index,
        title="Older on both",
        topics=[topic],
        related_events=[event],
        publication_date=dt.date(2020, 1, 1),
    )
    assert _related(client, page.url) == [
        "On the event",
        "On the topic",
        "Older on both",
    ]


def test_article_shows_at_most_three_related_pieces_the_newest(client, article_index):
    topic = TopicFactory()
    page = ArticlePageFactory(parent=article_index, topics=[topic], title="This one")
    for n in range(5):
        ArticlePageFactory(
            parent=article_index,
            title=f"Piece {n}",
            topics=[topic],
            publication_date=_day(n),
        )
    assert _related(client, page.url) == ["Piece 4", "Piece 3", "Piece 2"]


def test_related_analysis_shows_only_pieces_readers_may_see(
    client, article_index, tracker
):
    topic = TopicFactory()
    hidden_event = LicenceEventPageFactory(parent=tracker)
    make_private(hidden_event)
    page = ArticlePageFactory(
        parent=article_index, topics=[topic], related_events=[hidden_event]
    )
    ArticlePageFactory(parent=article_index, title="Draft", topics=[topic], live=False)
    private = ArticlePageFactory(parent=article_index, title="Private", topics=[topic])
    make_private(private)
    # Sharing only an event readers may not see is no reason to point at a piece.
    ArticlePageFactory(
        parent=article_index, title="On the hidden event", related_events=[hidden_event]
    )
    ArticlePageFactory(parent=article_index, title="Visible", topics=[topic])
    assert _related(client, page.url) == ["Visible"]


def test_an_article_alone_on_its_topics_has_no_related_section(client, article_index):
    page = ArticlePageFactory(parent=article_index, topics=[TopicFactory()])
    ArticlePageFactory(parent=article_index, topics=[TopicFactory()])
    html = client.get(page.url).content.decode()
    assert "related-analysis" not in html


def test_related_cards_show_their_thumbnails(client, article_index):
    topic = TopicFactory()
    page = ArticlePageFactory(parent=article_index, topics=[topic])
    ArticlePageFactory(
        parent=article_index, topics=[topic], hero_image=ImageFactory(), hero_alt="Map"
    )
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    [img] = soup.select("section.related-analysis img")
    assert (img["alt"], img["loading"]) == ("Map", "lazy")


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches and create the renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _illustrated_piece(parent, **kwargs):
    article = ArticlePageFactory(
        parent=parent,
        hero_image=ImageFactory(file__width=640, file__height=360),
        hero_alt="A picture",
        **kwargs,
    )
    ArticleAuthor.objects.create(page=article, author=AuthorFactory(), sort_order=0)
    return article


def test_article_page_runs_the_same_queries_for_1_and_100_related_pieces(
    client, article_index, tracker
):
    topic, event = TopicFactory(), LicenceEventPageFactory(parent=tracker)
    page = ArticlePageFactory(
        parent=article_index,
        topics=[topic],
        related_events=[event],
        hero_image=ImageFactory(),
        hero_alt="Lead",
    )
    ArticleAuthor.objects.create(
        page=page, author=AuthorFactory(photo=ImageFactory()), sort_order=0
    )

    def grow(n):
        for i in range(n):
            shared = {"topics": [topic]} if i % 2 else {"related_events": [event]}
            _illustrated_piece(article_index, **shared)

    grow(1)
    small = _count(client, page.url)
    grow(99)
    large = _count(client, page.url)
    assert large == small, f"{small} queries for 1 related piece, {large} for 100"
    assert len(_related(client, page.url)) == 3


def _event_on(tracker, *materials, **kwargs):
    return LicenceEventPageFactory(parent=tracker, materials=list(materials), **kwargs)


def test_event_lists_other_analysis_on_its_materials(client, article_index, tracker):
    terbium, dysprosium, cerium = (
        MaterialFactory(slug="terbium"),
        MaterialFactory(slug="dysprosium"),
        MaterialFactory(slug="cerium"),
    )
    event = _event_on(tracker, terbium, dysprosium)
    ArticlePageFactory(
        parent=article_index, title="On this event", related_events=[event]
    )
    ArticlePageFactory(
        parent=article_index,
        title="On terbium",
        related_events=[_event_on(tracker, terbium)],
        publication_date=_day(1),
    )
    ArticlePageFactory(
        parent=article_index,
        title="On dysprosium",
        related_events=[_event_on(tracker, dysprosium)],
        publication_date=_day(2),
    )
    ArticlePageFactory(
        parent=article_index,
        title="On cerium",
        related_events=[_event_on(tracker, cerium)],
    )
    draft_event = _event_on(tracker, terbium, live=False)
    ArticlePageFactory(
        parent=article_index, title="On a draft event", related_events=[draft_event]
    )
    ArticlePageFactory(
        parent=article_index,
        title="Draft piece",
        related_events=[_event_on(tracker, terbium)],
        live=False,
    )
    html = client.get(event.url).content.decode()
    # The piece on the event itself is listed once, under "Our analysis".
    assert html.count("On this event") == 1
    assert _related(client, event.url) == ["On dysprosium", "On terbium"]


def test_event_page_runs_the_same_queries_for_1_and_100_related_pieces(
    client, article_index, tracker
):
    material = MaterialFactory()
    event = _event_on(tracker, material)
    ArticlePageFactory(parent=article_index, related_events=[event])

    def grow(n):
        for _ in range(n):
            _illustrated_piece(
                article_index, related_events=[_event_on(tracker, material)]
            )

    grow(1)
    small = _count(client, event.url)
    grow(99)
    large = _count(client, event.url)
    assert large == small, f"{small} queries for 1 related piece, {large} for 100"
    assert len(_related(client, event.url)) == 3
