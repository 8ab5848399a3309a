"""RSS 2.0 and Atom feeds parse cleanly and carry only live, public content."""

import feedparser
import pytest

from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/analysis/rss/",
    "/feeds/analysis/atom/",
    "/feeds/topics/export-controls/rss/",
    "/feeds/topics/export-controls/atom/",
    "/feeds/materials/dysprosium/rss/",
    "/feeds/materials/dysprosium/atom/",
    "/feeds/events/rss/",
    "/feeds/events/atom/",
]


@pytest.fixture
def content(article_index, tracker):
    topic = TopicFactory(name="Export controls", slug="export-controls")
    dysprosium = MaterialFactory(name="Dysprosium", slug="dysprosium")
    author = AuthorFactory(name="Tomás Reyes", slug="tomas-reyes")
    event = LicenceEventPageFactory(
        parent=tracker,
        title="Seven rare earths & their licences",
        materials=[dysprosium],
    )
    article = ArticlePageFactory(
        parent=article_index,
        title="Licences for <magnets>: what changed",
        dek="Exporters now wait for approval — and say so.",
        topics=[topic],
        related_events=[event],
    )
    article.bylines.create(author=author, sort_order=0)
    article.save()
    LicenceEventPageFactory(
        parent=tracker, title="Draft event", materials=[dysprosium], live=False
    )
    ArticlePageFactory(
        parent=article_index, title="Draft article", topics=[topic], live=False
    )
    return {"article": article, "event": event}


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_without_errors_and_hides_drafts(client, content, url):
    response, parsed = _parse(client, url)
    expected = "atom" if url.endswith("atom/") else "rss20"
    assert parsed.version.startswith(expected)
    titles = [e.title for e in parsed.entries]
    assert titles, url
    assert "Draft event" not in titles
    assert "Draft article" not in titles
    for entry in parsed.entries:
        assert entry.link.startswith("http://testserver/")


def test_analysis_feed_carries_title_summary_author_and_topics(client, content):
    _, parsed = _parse(client, "/feeds/analysis/atom/")
    entry = parsed.entries[0]
    assert entry.title == "Licences for <magnets>: what changed"
    assert entry.summary == "Exporters now wait for approval — and say so."
    assert entry.author == "Tomás Reyes"
    assert [t.term for t in entry.tags] == ["Export controls"]
    assert entry.link == f"http://testserver{content['article'].url}"
    assert parsed.feed.title == "rexchange: analysis"


def test_material_feed_mixes_events_and_the_analysis_of_them(client, content):
    _, parsed = _parse(client, "/feeds/materials/dysprosium/rss/")
    titles = {e.title for e in parsed.entries}
    assert titles == {
        "Seven rare earths & their licences",
        "Licences for <magnets>: what changed",
    }


def test_events_feed_lists_licence_events_only(client, content):
    _, parsed = _parse(client, "/feeds/events/rss/")
    assert [e.title for e in parsed.entries] == ["Seven rare earths & their licences"]
    assert "Dysprosium" in [t.term for t in parsed.entries[0].tags]


@pytest.mark.parametrize(
    "url", ["/feeds/topics/no-such/rss/", "/feeds/materials/no-such/atom/"]
)
def test_feeds_for_unknown_subjects_are_404(client, home_page, url):
    assert client.get(url).status_code == 404


def test_every_page_links_the_site_feeds_in_its_head(client, content):
    head = client.get("/").content.decode().split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="rexchange: analysis (RSS)" href="/feeds/analysis/rss/">'
    ) in head
    assert 'type="application/atom+xml"' in head
    assert 'href="/feeds/events/rss/"' in head


def test_material_page_links_its_feed(client, content, tracker):
    html = client.get(f"{tracker.url}materials/dysprosium/").content.decode()
    head = html.split("</head>")[0]
    assert 'href="/feeds/materials/dysprosium/rss/"' in head
    assert 'href="/feeds/materials/dysprosium/atom/"' in head


@pytest.mark.parametrize("n", [1, 25])
def test_feed_query_counts_do_not_grow_with_items(
    client, article_index, tracker, django_assert_max_num_queries, n
):
    topic = TopicFactory(slug="quotas")
    material = MaterialFactory(slug="terbium")
    for _ in range(n):
        event = LicenceEventPageFactory(parent=tracker, materials=[material])
        ArticlePageFactory(parent=article_index, topics=[topic], related_events=[event])
    for url in (
        "/feeds/analysis/rss/",
        "/feeds/topics/quotas/atom/",
        "/feeds/materials/terbium/rss/",
        "/feeds/events/atom/",
    ):
        client.get(url)
        # 13: the material feed also finds the tracker its page hangs under.
        with django_assert_max_num_queries(13):
            assert client.get(url).status_code == 200, url
