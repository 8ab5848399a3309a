"""Redis (the shared cache) stops while readers read and an editor publishes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.admin_forms import admin_form_data, article_streams
from tests.factories import ArticlePageFactory
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db

READER_PATHS = ["/", "/analysis/", "/api/v1/articles/", "/feeds/analysis/rss/"]


@pytest.fixture
def cache_on_private_redis(private_redis, settings):
    """The site's cache on the private Redis, through the production backend."""
    settings.CACHES = {
        "default": {
            "BACKEND": "rexchange.cache.backends.ResilientRedisCache",
            "LOCATION": private_redis.url(2),
        }
    }
    settings.API_THROTTLE_RATES = {"anon": "60/min", "api_key": "1200/min"}
    yield private_redis
    if private_redis.process is None:
        private_redis.start()


def test_the_site_keeps_serving_and_an_editor_publishes_while_redis_is_down(
    cache_on_private_redis, article_index, admin_user
):
    """Readers keep getting pages, feeds and the API (no 5xx; rate limits let
    requests through meanwhile); an editor's publish succeeds and is visible at
    once; when Redis is back the cache is used again."""
    reader = Client(raise_request_exception=False)
    make_article(article_index, title="Already live")
    for path in READER_PATHS:
        assert reader.get(path).status_code == 200, path
    cache.set("probe", "up")
    assert cache.get("probe") == "up"

    cache_on_private_redis.stop()
    for path in READER_PATHS:
        assert reader.get(path).status_code == 200, path

    draft = ArticlePageFactory(parent=article_index, title="Draft note", live=False)
    editor = Client(raise_request_exception=False)
    editor.force_login(admin_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    data = admin_form_data(
        editor, edit_url, streams=article_streams("A claim made while Redis slept.")
    )
    data["title"] = "Published during the outage"
    data["action-publish"] = "action-publish"
    response = editor.post(edit_url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    page = reader.get(draft.url)
    assert page.status_code == 200
    assert "Published during the outage" in page.content.decode()
    assert cache.get("probe") is None  # a miss, not an error

    cache_on_private_redis.start()
    cache.set("probe", "back")
    assert cache.get("probe") == "back"
    assert reader.get("/").status_code == 200
