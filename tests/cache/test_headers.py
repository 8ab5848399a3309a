"""Shared-cache headers: public responses carry the keys of what they were built
from and s-maxage; anything that may be private says so."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from rexchange.api.keys import api_key_create
from rexchange.cache.keys import MISSING
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    LicenceEventPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _keys(response) -> set[str]:
    return set(response.get("xkey", "").split())


def _shared(response) -> bool:
    control = response.get("Cache-Control", "")
    return "public" in control and "s-maxage=" in control


@pytest.fixture
def article(article_index):
    page = ArticlePageFactory(parent=article_index)
    page.topics.add(TopicFactory())
    page.bylines.create(author=AuthorFactory())
    page.save_revision().publish()
    return page


def test_article_carries_the_keys_of_what_it_rendered(client, article):
    client.get(article.url)  # the first request creates the settings row
    response = client.get(article.url)
    assert response.status_code == 200
    keys = _keys(response)
    topic, byline = article.topics.get(), article.bylines.get()
    assert {f"page-{article.pk}", f"topic-{topic.pk}"} <= keys
    assert f"author-{byline.author_id}" in keys
    # the navigation (index page) and the publication settings it rendered
    assert f"page-{article.get_parent().pk}" in keys
    assert "settings" in keys


def test_public_pages_allow_stale_answers_for_a_shared_cache_only(client, article):
    control = client.get(article.url)["Cache-Control"]
    for part in ("public", "s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        assert part in control
    assert "max-age=0" in control


def test_listings_carry_the_list_keys_of_what_they_list(client, article):
    index = client.get(article.get_parent().url)
    assert {"articles", "topics", f"page-{article.pk}"} <= _keys(index)
    assert "articles" in _keys(client.get("/feeds/analysis/rss/"))
    assert "events" in _keys(client.get("/sitemap.xml"))


def test_article_and_event_pages_carry_the_articles_list_key_for_related_analysis(
    client, article, tracker
):
    # A piece published later on the same topic or materials joins their "Related
    # analysis", so publishing any article must reach them.
    event = LicenceEventPageFactory(parent=tracker)
    assert "articles" in _keys(client.get(article.url))
    assert {"articles", "events"} <= _keys(client.get(event.url))


def test_api_lists_and_items_carry_keys(client, article):
    listing = client.get("/api/v1/articles/")
    assert _shared(listing)
    assert {"articles", f"page-{article.pk}"} <= _keys(listing)
    item = client.get(f"/api/v1/articles/{article.pk}/")
    assert f"page-{article.pk}" in _keys(item)
    assert "articles" not in _keys(item)


def test_not_found_is_tagged_so_any_publish_purges_it(client, home_page):
    response = client.get("/analysis/not-yet-published/")
    assert response.status_code == 404
    assert MISSING in _keys(response)


def test_signed_in_editor_gets_a_private_response(client, article):
    user = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    response = client.get(article.url)
    assert "xkey" not in response
    assert "private" in response["Cache-Control"]


def test_password_protected_page_is_never_shared(client, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="secret"
    )
    response = client.get(article.url)
    assert "xkey" not in response
    assert "private" in response["Cache-Control"]


def test_requests_with_an_api_key_are_private(client, article):
    _, raw = api_key_create(name="terminal")
    response = client.get("/api/v1/articles/", HTTP_X_API_KEY=raw)
    assert response.status_code == 200
    assert "xkey" not in response
    assert not _shared(response)


def test_admin_and_previews_are_private(client, article):
    user = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    client.cookies.pop("sessionid")  # even without the cookie check, by path
    response = client.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert "xkey" not in response
    assert not _shared(response)
