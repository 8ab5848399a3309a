"""Lead images on cards and on the article page, social cards, and author photos."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from articles.models import ArticleAuthor
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ALT = "Bar chart of licence approvals by month"


def _soup(client, url) -> BeautifulSoup:
    # /materials/<slug>/ answers 301 to the material's one page; follow it.
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _illustrated(parent, **kwargs):
    return ArticlePageFactory(
        parent=parent, hero_image=ImageFactory(), hero_alt=ALT, **kwargs
    )


def test_index_card_shows_a_lazy_thumbnail_with_its_size_and_the_hero_alt(
    client, article_index
):
    _illustrated(article_index, title="Illustrated note")
    [img] = _soup(client, article_index.url).select(".card img")
    assert img["alt"] == ALT
    assert img["loading"] == "lazy"
    assert (img["width"], img["height"]) == ("480", "270")
    assert img["src"].startswith("/media/images/")


def test_card_without_a_lead_image_shows_no_picture(client, article_index):
    ArticlePageFactory(parent=article_index, title="Plain note")
    soup = _soup(client, article_index.url)
    assert soup.select(".card")
    assert not soup.select(".card img")


@pytest.fixture
def everywhere(article_index, tracker):
    """One illustrated piece reachable from every listing that shows cards."""
    topic = TopicFactory(slug="quotas")
    author = AuthorFactory(slug="writer")
    material = MaterialFactory(slug="terbium")
    event = LicenceEventPageFactory(parent=tracker, materials=[material])
    # An older piece is featured on the home page, so the illustrated one is among
    # the latest cards there.
    featured = ArticlePageFactory(parent=article_index, title="Featured")
    home = article_index.get_parent().specific
    home.featured_article = featured
    home.save()
    article = _illustrated(
        article_index,
        title="Terbium quotas explained",
        topics=[topic],
        related_events=[event],
    )
    ArticleAuthor.objects.create(page=article, author=author, sort_order=0)
    return article


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/analysis/",
        "/topics/quotas/",
        "/authors/writer/",
        "/materials/terbium/",
        "/search/?q=terbium",
    ],
)
def test_every_listing_shows_the_thumbnail(client, everywhere, url):
    imgs = _soup(client, url).select(".card img")
    assert [(i["alt"], i["width"], i["loading"]) for i in imgs] == [
        (ALT, "480", "lazy")
    ]


def test_featured_card_shows_a_larger_picture_loaded_at_once(client, article_index):
    _illustrated(article_index, title="Lead piece")
    [img] = _soup(client, "/").select(".featured .card img")
    assert (img["width"], img["height"]) == ("960", "540")
    assert img["alt"] == ALT
    # The first thing on the page: lazy loading would only delay it.
    assert not img.has_attr("loading")


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches and create the renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/analysis/"])
def test_listing_runs_the_same_queries_for_1_and_100_illustrated_articles(
    client, article_index, url
):
    def grow(n):
        for _ in range(n):
            image = ImageFactory(file__width=640, file__height=360)
            article = ArticlePageFactory(
                parent=article_index, hero_image=image, hero_alt=ALT
            )
            ArticleAuthor.objects.create(
                page=article, author=AuthorFactory(), sort_order=0
            )

    grow(1)
    small = _count(client, url)
    grow(99)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries for 1 article, {large} for 100"
    # Every card on the page has its picture: the home page's featured card and
    # six more, the index's first page of ten.
    shown = 7 if url == "/" else 10
    assert len(_soup(client, url).select(".card img")) == shown


def test_article_hero_offers_the_browser_several_widths(client, article_index):
    page = _illustrated(article_index)
    [img] = _soup(client, page.url).select("figure.hero img")
    assert img["alt"] == ALT
    widths = [entry.split()[1] for entry in img["srcset"].split(", ")]
    assert widths == ["480w", "768w", "1024w", "1536w"]
    assert img["sizes"] == "(min-width: 52rem) 48rem, 100vw"
    assert (img["width"], img["height"]) == ("480", "252")


def _meta(soup, key) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag else None


def test_social_card_is_an_absolute_1200_by_630_rendition(client, article_index):
    page = _illustrated(article_index)
    soup = _soup(client, page.url)
    url = _meta(soup, "og:image")
    assert url.startswith("http://testserver/media/images/"), url
    assert (_meta(soup, "og:image:width"), _meta(soup, "og:image:height")) == (
        "1200",
        "630",
    )
    assert _meta(soup, "og:image:alt") == ALT
    assert _meta(soup, "twitter:card") == "summary_large_image"
    rendition = page.hero_image.renditions.get(filter_spec="fill-1200x630")
    assert url.endswith(rendition.url)
    assert (rendition.width, rendition.height) == (1200, 630)
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert ld["image"] == [url]


def test_article_without_a_lead_image_offers_a_plain_summary_card(
    client, article_index
):
    page = ArticlePageFactory(parent=article_index)
    soup = _soup(client, page.url)
    assert _meta(soup, "og:image") is None
    assert _meta(soup, "twitter:card") == "summary"
    assert not soup.select("figure.hero")
    assert "image" not in json.loads(
        soup.find("script", type="application/ld+json").string
    )


def test_a_lead_image_whose_file_is_lost_breaks_no_page(client, article_index):
    page = _illustrated(article_index)
    image = get_image_model().objects.get(pk=page.hero_image_id)
    image.file.storage.delete(image.file.name)
    for url in (page.url, article_index.url, "/"):
        assert client.get(url).status_code == 200, url
    # No social card points at a picture that is not there.
    assert _meta(_soup(client, page.url), "og:image") is None


def test_byline_shows_each_authors_photo_with_their_name_as_alt(client, article_index):
    page = ArticlePageFactory(parent=article_index)
    with_photo = AuthorFactory(name="Mei-Lin Zhou", photo=ImageFactory())
    without = AuthorFactory(name="Tomás Reyes")
    for i, author in enumerate((with_photo, without)):
        ArticleAuthor.objects.create(page=page, author=author, sort_order=i)
    byline = _soup(client, page.url).select_one(".byline")
    [img] = byline.select("img.byline-photo")
    assert img["alt"] == "Mei-Lin Zhou"
    assert (img["width"], img["height"]) == ("72", "72")
    assert [a.get_text() for a in byline.select("a.author")] == [
        "Mei-Lin Zhou",
        "Tomás Reyes",
    ]


def test_author_page_shows_their_photo(client, article_index):
    AuthorFactory(slug="writer", name="Mei-Lin Zhou", photo=ImageFactory())
    AuthorFactory(slug="no-photo", name="Tomás Reyes")
    [img] = _soup(client, "/authors/writer/").select("img.author-photo")
    assert img["alt"] == "Mei-Lin Zhou"
    assert (img["width"], img["height"]) == ("192", "192")
    assert not _soup(client, "/authors/no-photo/").select("img.author-photo")
