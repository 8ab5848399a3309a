"""Search engines get a sitemap of live public pages and a robots.txt pointing at it."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own XML
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def test_sitemap_lists_live_pages_and_discovery_pages(client, article_index, tracker):
    article = ArticlePageFactory(parent=article_index, slug="live-note")
    ArticlePageFactory(parent=article_index, slug="draft-note", live=False)
    event = LicenceEventPageFactory(parent=tracker, slug="live-event")
    TopicFactory(slug="export-controls")
    AuthorFactory(slug="mei-lin-zhou")
    MaterialFactory(slug="dysprosium")
    locations = _locations(client)
    assert f"http://testserver{article.url}" in locations
    assert f"http://testserver{event.url}" in locations
    assert "http://testserver/topics/export-controls/" in locations
    assert "http://testserver/authors/mei-lin-zhou/" in locations
    assert f"http://testserver{tracker.url}materials/dysprosium/" in locations
    assert not [loc for loc in locations if "draft-note" in loc]


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("n", [1, 25])
def test_sitemap_query_count_does_not_grow_with_pages(
    client, article_index, tracker, django_assert_max_num_queries, n
):
    for _ in range(n):
        ArticlePageFactory(parent=article_index)
        LicenceEventPageFactory(parent=tracker)
        TopicFactory()
        MaterialFactory()
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(18):
        assert client.get("/sitemap.xml").status_code == 200
