"""Topic, author, material and regulator pages gather live articles and events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(article_index, tracker):
    """A topic, an author, two materials, two regulators, articles and events."""
    topic = TopicFactory(name="Export controls", slug="export-controls")
    author = AuthorFactory(name="Mei-Lin Zhou", slug="mei-lin-zhou")
    dysprosium = MaterialFactory(name="Dysprosium", slug="dysprosium")
    gallium = MaterialFactory(name="Gallium", slug="gallium")
    mofcom = RegulatorFactory(
        name="Ministry of Commerce of the People's Republic of China",
        short_name="MOFCOM",
        slug="mofcom",
    )
    bis = RegulatorFactory(
        name="Bureau of Industry and Security", short_name="BIS", slug="bis"
    )
    dy_event = LicenceEventPageFactory(
        parent=tracker, title="Dysprosium listed", materials=[dysprosium]
    )
    ga_event = LicenceEventPageFactory(
        parent=tracker, title="Gallium rule", materials=[gallium], regulator=bis
    )
    draft_event = LicenceEventPageFactory(
        parent=tracker, title="Unpublished event", materials=[dysprosium], live=False
    )
    on_topic = ArticlePageFactory(
        parent=article_index,
        title="Reading the April list",
        topics=[topic],
        related_events=[dy_event, draft_event],
    )
    on_topic.bylines.create(author=author, sort_order=0)
    on_topic.save()
    off_topic = ArticlePageFactory(
        parent=article_index, title="Gallium and germanium", related_events=[ga_event]
    )
    draft = ArticlePageFactory(
        parent=article_index,
        title="Draft on dysprosium",
        topics=[topic],
        related_events=[dy_event],
        live=False,
    )
    return locals()


def test_topic_page_lists_its_articles_and_their_events(client, record):
    html = client.get("/topics/export-controls/").content.decode()
    assert "Reading the April list" in html
    assert "Dysprosium listed" in html
    assert "Gallium and germanium" not in html
    assert "Gallium rule" not in html


def test_discovery_pages_never_show_drafts(client, record):
    for url in (
        "/topics/export-controls/",
        "/authors/mei-lin-zhou/",
        f"{record['tracker'].url}materials/dysprosium/",
        "/regulators/mofcom/",
    ):
        html = client.get(url).content.decode()
        assert "Draft on dysprosium" not in html, url
        assert "Unpublished event" not in html, url


def test_author_page_lists_their_articles_and_links_from_the_byline(client, record):
    html = client.get("/authors/mei-lin-zhou/").content.decode()
    assert "Mei-Lin Zhou" in html
    assert "Reading the April list" in html
    assert "Gallium and germanium" not in html
    assert "Dysprosium listed" in html
    article_html = client.get(record["on_topic"].url).content.decode()
    assert 'href="/authors/mei-lin-zhou/"' in article_html
    assert 'href="/topics/export-controls/"' in article_html


def test_material_page_gathers_events_and_the_analysis_of_them(client, record):
    response = client.get(f"{record['tracker'].url}materials/dysprosium/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dysprosium listed" in html
    assert "Reading the April list" in html
    assert "Where things stand" in html
    assert 'id="questions-heading"' in html
    assert "Gallium" not in html.split('id="analysis-heading"')[1]


def test_old_material_address_moves_permanently_to_the_one_material_page(
    client, record
):
    response = client.get("/materials/dysprosium/")
    assert response.status_code == 301
    assert response["Location"] == f"{record['tracker'].url}materials/dysprosium/"


def test_old_material_address_is_not_found_without_a_published_tracker(client, record):
    record["tracker"].unpublish()
    assert client.get("/materials/dysprosium/").status_code == 404


def test_event_cards_on_discovery_pages_link_the_one_material_page(client, record):
    html = client.get("/topics/export-controls/").content.decode()
    assert f'href="{record["tracker"].url}materials/dysprosium/"' in html
    assert 'href="/materials/dysprosium/"' not in html


def test_regulator_page_gathers_its_events_and_analysis(client, record):
    html = client.get("/regulators/bis/").content.decode()
    assert "Gallium rule" in html
    assert "Gallium and germanium" in html
    assert "Dysprosium listed" not in html


def test_index_pages_list_every_topic_author_material_and_regulator(client, record):
    assert "/topics/export-controls/" in client.get("/topics/").content.decode()
    assert "/authors/mei-lin-zhou/" in client.get("/authors/").content.decode()
    materials = client.get("/materials/").content.decode()
    assert f'href="{record["tracker"].url}materials/gallium/"' in materials
    assert "/regulators/bis/" in client.get("/regulators/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/topics/no-such-topic/",
        "/authors/nobody/",
        "/materials/unobtainium/",
        "/regulators/nobody/",
    ],
)
def test_unknown_slugs_get_the_designed_404(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "999", "9" * 300])
def test_bad_page_numbers_give_a_normal_page(client, record, page):
    assert client.get("/topics/export-controls/", {"page": page}).status_code == 200


def test_topic_page_links_its_feeds_in_the_head(client, record):
    html = client.get("/topics/export-controls/").content.decode()
    head = html.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Export controls: analysis" href="/feeds/topics/export-controls/rss/">'
    ) in head
    assert 'href="/feeds/topics/export-controls/atom/"' in head
    assert 'href="/feeds/analysis/rss/"' in head


@pytest.mark.parametrize("n", [1, 25])
def test_discovery_query_counts_do_not_grow_with_content(
    client, article_index, tracker, django_assert_max_num_queries, n
):
    topic = TopicFactory(slug="quotas")
    author = AuthorFactory(slug="writer")
    material = MaterialFactory(slug="terbium")
    regulator = RegulatorFactory(slug="mofcom")
    for _ in range(n):
        event = LicenceEventPageFactory(
            parent=tracker, materials=[material], regulator=regulator
        )
        article = ArticlePageFactory(
            parent=article_index, topics=[topic], related_events=[event]
        )
        article.bylines.create(author=author, sort_order=0)
        article.save()
    for url in (
        "/topics/quotas/",
        "/authors/writer/",
        "/regulators/mofcom/",
        "/topics/",
        "/materials/",
    ):
        client.get(url)
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_material_page_query_count_is_the_same_for_1_and_25_articles(
    client, article_index, tracker
):
    material = MaterialFactory(slug="terbium")
    url = f"{tracker.url}materials/terbium/"

    def grow(n):
        for _ in range(n):
            event = LicenceEventPageFactory(parent=tracker, materials=[material])
            article = ArticlePageFactory(parent=article_index, related_events=[event])
            article.bylines.create(author=AuthorFactory(), sort_order=0)
            article.save()

    grow(1)
    small = _count(client, url)
    grow(24)
    assert _count(client, url) == small
