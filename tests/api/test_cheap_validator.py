"""List validators come from one aggregate over the listed rows, not from the body:
a 304 is answered before anything is serialized, and every change that alters a
list's body changes its ETag (a wrong 304 would hide the change from clients)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policy.models import LicenceEventPage
from rexchange.api.views import ApiViewSet
from rexchange.cache.generation import GENERATION_KEY
from tests.factories.api import (
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    make_article,
    publish,
)

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/?page_size=100"
LISTS = [
    EVENTS,
    "/api/v1/articles/",
    "/api/v1/highlights/",
    "/api/v1/questions/",
    "/api/v1/regulators/",
    "/api/v1/materials/",
    "/api/v1/instruments/",
    "/api/v1/comments/",
    "/api/v1/regime/",
    "/api/v1/changes/",
]


@pytest.fixture
def events(tracker, mofcom, dysprosium):
    return [
        publish(
            LicenceEventPageFactory(
                parent=tracker, regulator=mofcom, materials=[dysprosium]
            )
        )
        for _ in range(3)
    ]


@pytest.fixture
def content(article_index, events):
    return make_article(article_index, texts=("A claim.",), events=events[:1])


def _etag(client, url=EVENTS) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response["ETag"]


def _changed(client, etag, url=EVENTS) -> bool:
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code in (200, 304)
    if response.status_code == 200:
        assert response["ETag"] != etag
    return response.status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_a_304_costs_two_queries_and_never_reaches_the_serializer(
    client, content, url, monkeypatch
):
    etag = _etag(client, url)

    def refuse(*args, **kwargs):
        raise AssertionError("a 304 must not read or serialize the rows")

    monkeypatch.setattr(ApiViewSet, "get_serializer", refuse)
    monkeypatch.setattr(ApiViewSet, "paginate_queryset", refuse)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Last-Modified"]
    sql = "\n".join(q["sql"][:300] for q in queries.captured_queries)
    assert len(queries) <= 2, sql


def test_publishing_an_event_changes_the_validator(client, events, tracker, mofcom):
    etag = _etag(client)
    publish(LicenceEventPageFactory(parent=tracker, regulator=mofcom))
    assert _changed(client, etag)


def test_unpublishing_an_event_changes_the_validator(client, events):
    etag = _etag(client)
    events[1].unpublish()
    assert _changed(client, etag)


def test_an_edit_that_keeps_the_count_changes_the_validator(client, events):
    etag = _etag(client)
    events[0].title = "General licences, corrected"
    publish(events[0])
    response = client.get(EVENTS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
    assert "General licences, corrected" in response.content.decode()


def test_unpublishing_one_and_publishing_another_changes_the_validator(
    client, events, tracker, mofcom
):
    etag = _etag(client)
    events[0].unpublish()
    publish(LicenceEventPageFactory(parent=tracker, regulator=mofcom))
    assert _changed(client, etag)


def test_the_aggregate_alone_sees_row_changes_that_skip_the_signals(client, events):
    """Rows written without Wagtail's signals (a bulk update, a data migration)
    leave the content generation alone: the count and latest change still move."""
    etag = _etag(client)
    LicenceEventPage.objects.filter(pk=events[0].pk).update(
        last_published_at=timezone.now()
    )
    assert _changed(client, etag)
    etag = _etag(client)
    LicenceEventPage.objects.filter(pk=events[1].pk).update(live=False)
    assert _changed(client, etag)


def test_renaming_a_regulator_changes_the_event_list_validator(client, events):
    """Events carry their regulator's name: the rows' times do not move, the
    content generation does."""
    etag = _etag(client)
    regulator = events[0].regulator
    regulator.short_name = "MOFCOM (renamed)"
    regulator.save()
    assert _changed(client, etag)


def test_a_new_material_changes_the_material_list_validator(client, events):
    url = "/api/v1/materials/"
    etag = _etag(client, url)
    MaterialFactory(name="Terbium", slug="terbium")
    assert _changed(client, etag, url)
    etag = _etag(client, url)
    RegulatorFactory()  # another kind of row: the material list is the same body
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code in (200, 304)


def test_a_lost_generation_costs_a_full_response_never_a_wrong_304(client, events):
    etag = _etag(client)
    cache.delete(GENERATION_KEY)
    assert _changed(client, etag)


def test_query_strings_have_their_own_validators(client, events):
    assert _etag(client) != _etag(client, "/api/v1/events/?page_size=2")


def test_if_modified_since_is_answered_from_the_validator(client, events):
    first = client.get(EVENTS)
    again = client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    events[2].unpublish()
    after = client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert after.status_code == 200
