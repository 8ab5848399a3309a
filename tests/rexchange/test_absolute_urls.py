"""Absolute URLs name the host and port that served the request in development, and
the configured Wagtail site everywhere else (a shared cache must not store a Host
header some request made up)."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import (
    ArticlePageFactory,
    LicenceEventPageFactory,
    MaterialFactory,
)

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# A host and port the configured site (testserver:80, tests/conftest.py) never names,
# as `PORT=8322 make run` would serve.
SERVED = {"HTTP_HOST": "127.0.0.1:8322"}


@pytest.fixture
def content(article_index, tracker):
    dysprosium = MaterialFactory(name="Dysprosium", slug="dysprosium")
    event = LicenceEventPageFactory(parent=tracker, materials=[dysprosium])
    article = ArticlePageFactory(parent=article_index, related_events=[event])
    return {"article": article, "event": event, "tracker": tracker}


def _absolute_urls(client, content) -> dict[str, list[str]]:
    """Every absolute URL of ours in each surface, fetched as 127.0.0.1:8322."""
    article, tracker = content["article"], content["tracker"]
    found = {}
    html = client.get(article.url, **SERVED).content.decode()
    found["canonical"] = re.findall(r'<link rel="canonical" href="([^"]+)"', html)
    found["og:url"] = re.findall(r'<meta property="og:url" content="([^"]+)"', html)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found["json-ld"] = [json.loads(ld.group(1))["mainEntityOfPage"]]
    material = client.get(f"{tracker.url}materials/dysprosium/", **SERVED)
    found["material canonical"] = re.findall(
        r'<link rel="canonical" href="([^"]+)"', material.content.decode()
    )
    sitemap = ET.fromstring(client.get("/sitemap.xml", **SERVED).content)  # noqa: S314
    found["sitemap"] = [loc.text for loc in sitemap.findall("sm:url/sm:loc", NS)]
    feed = client.get("/feeds/analysis/atom/", **SERVED).content.decode()
    found["feed"] = re.findall(r'href="(http[^"]+)"', feed)
    articles = client.get("/api/v1/articles/", **SERVED).json()["results"]
    events = client.get("/api/v1/events/", **SERVED).json()
    found["api"] = [articles[0]["url"], events["results"][0]["url"]]
    robots = client.get("/robots.txt", **SERVED).content.decode()
    found["robots"] = re.findall(r"Sitemap: (\S+)", robots)
    assert all(found.values()), found
    return found


def test_absolute_urls_name_the_configured_site_whatever_the_host_header(
    client, content
):
    for surface, urls in _absolute_urls(client, content).items():
        for url in urls:
            assert url.startswith("http://testserver/"), (surface, url)


def test_in_development_absolute_urls_follow_the_host_and_port_that_served(
    client, content, settings
):
    settings.ABSOLUTE_URLS_FOLLOW_REQUEST = True
    for surface, urls in _absolute_urls(client, content).items():
        for url in urls:
            assert url.startswith("http://127.0.0.1:8322/"), (surface, url)


def test_a_material_page_is_its_own_canonical_address(client, content):
    tracker = content["tracker"]
    html = client.get(f"{tracker.url}materials/dysprosium/").content.decode()
    expected = f"http://testserver{tracker.url}materials/dysprosium/"
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html


def test_production_settings_leave_absolute_urls_to_the_configured_site():
    from rexchange.settings import base

    assert base.ABSOLUTE_URLS_FOLLOW_REQUEST is False
