"""Cache validators: ETag and Last-Modified on lists and details, and 304s."""

import pytest
from django.test import override_settings

from rexchange.publication.models import PublicationSettings
from tests.factories import highlight
from tests.factories.api import make_article, publish

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/articles/",
    "/api/v1/highlights/",
    "/api/v1/events/",
    "/api/v1/regulators/",
    "/api/v1/materials/",
    "/api/v1/instruments/",
]


@pytest.fixture
def content(article_index, general_licence_event):
    return make_article(
        article_index, texts=("A claim.",), events=[general_licence_event]
    )


@pytest.mark.parametrize("url", LISTS)
def test_a_repeat_with_the_etag_is_not_modified(client, content, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert first["Cache-Control"].startswith("public, max-age=60, s-maxage=")
    repeat = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == first["ETag"]


def test_details_have_validators_too(client, content, general_licence_event):
    for url in (
        f"/api/v1/articles/{content.pk}/",
        f"/api/v1/articles/by-slug/{content.slug}/",
        f"/api/v1/events/{general_licence_event.pk}/",
        f"/api/v1/events/{general_licence_event.pk}/diff/",
    ):
        first = client.get(url)
        assert first.status_code == 200 and first["Last-Modified"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, url


def test_publishing_a_change_gives_a_new_etag_and_a_full_response(client, content):
    first = client.get("/api/v1/highlights/")
    content.highlights = [highlight("A revised claim.")]
    publish(content)
    after = client.get("/api/v1/highlights/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "A revised claim." in after.content.decode()


def test_if_modified_since_sees_removals_that_item_dates_cannot(client, content):
    first = client.get("/api/v1/articles/")
    assert (
        client.get(
            "/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 304
    )
    content.unpublish()
    after = client.get(
        "/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert after.status_code == 200
    assert after.json()["count"] == 0
    assert after["Last-Modified"] != first["Last-Modified"]


def test_changing_the_rights_line_changes_the_etag(client, content):
    first = client.get("/api/v1/regulators/")
    settings = PublicationSettings.objects.get_or_create(site=content.get_site())[0]
    settings.licence_url = "https://example.org/terms"
    settings.save()
    after = client.get("/api/v1/regulators/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after.json()["rights"]["licence_url"] == "https://example.org/terms"


@override_settings(API_CACHE_MAX_AGE=300)
def test_max_age_comes_from_settings(client, content):
    control = client.get("/api/v1/events/")["Cache-Control"]
    assert control.startswith("public, max-age=300, s-maxage=")


def test_a_stale_etag_gets_the_full_response(client, content):
    response = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH='"not-the-etag"')
    assert response.status_code == 200


def test_head_requests_carry_the_same_validators(client, content):
    get = client.get("/api/v1/highlights/")
    head = client.head("/api/v1/highlights/")
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head["Last-Modified"] == get["Last-Modified"]
    again = client.head("/api/v1/highlights/", HTTP_IF_NONE_MATCH=get["ETag"])
    assert again.status_code == 304
