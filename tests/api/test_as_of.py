"""What did we know then: `as_of` answers from the revisions live at that moment."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.api import (
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    fact,
    publish,
)

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "127.0.0.1:8000"}


def _get(client, url, **params):
    response = client.get(url, params, **HOST)
    assert response.status_code == 200, response.content[:400]
    return response.json()


def _statements(event: dict) -> set[str]:
    return {f["statement"] for group in event["facts"].values() for f in group}


@pytest.fixture
def corrected(general_licence_event):
    """The reference event, published, then corrected: destinations became known."""
    event = general_licence_event
    before = timezone.now()
    event.facts = [
        fact("procedure", "changed", "Qualifying exporters hold a general licence."),
        fact("scope", "unchanged", "The export-control regime stays in force."),
        fact("exporters", "undisclosed", "The approved firms are not named."),
        fact("destinations", "changed", "Shipments may go to Japan and Korea only."),
    ]
    event.summary = "Corrected summary."
    publish(event)
    return event, before


def test_as_of_before_a_correction_returns_the_fact_as_published_then(
    client, corrected
):
    event, before = corrected
    url = f"/api/v1/events/{event.pk}/"
    now = _get(client, url)
    then = _get(client, url, as_of=before.isoformat())
    assert "Shipments may go to Japan and Korea only." in _statements(now)
    assert "Destinations are not stated." in _statements(then)
    assert "Shipments may go to Japan and Korea only." not in _statements(then)
    assert [f["dimension"] for f in then["facts"]["undisclosed"]] == [
        "exporters",
        "destinations",
    ]
    assert then["summary"] != "Corrected summary."
    assert then["materials"] == now["materials"]
    listed = _get(client, "/api/v1/events/", as_of=before.isoformat())["results"]
    assert [e["id"] for e in listed] == [event.pk]
    assert "Destinations are not stated." in _statements(listed[0])


def test_as_of_before_publication_knows_nothing(client, corrected):
    event, _ = corrected
    long_ago = "2020-01-01T00:00:00Z"
    assert _get(client, "/api/v1/events/", as_of=long_ago)["results"] == []
    response = client.get(f"/api/v1/events/{event.pk}/", {"as_of": long_ago}, **HOST)
    assert response.status_code == 404


def test_an_event_unpublished_since_is_still_shown_as_of_before(client, corrected):
    event, before = corrected
    event.unpublish()
    assert _get(client, "/api/v1/events/")["results"] == []
    listed = _get(client, "/api/v1/events/", as_of=before.isoformat())["results"]
    assert [e["id"] for e in listed] == [event.pk]


def test_diff_as_of_uses_the_facts_live_then(client, corrected):
    event, before = corrected
    now = _get(client, f"/api/v1/events/{event.pk}/diff/")
    then = _get(client, f"/api/v1/events/{event.pk}/diff/", as_of=before.isoformat())
    after = {t["dimension"]: t["after"] for t in now["transitions"]}
    was = {t["dimension"]: t["after"] for t in then["transitions"]}
    assert after["destinations"] == "changed"
    assert was["destinations"] == "undisclosed"


def test_regime_as_of_reads_the_record_as_it_stood(client, tracker, mofcom, dysprosium):
    event = publish(
        LicenceEventPageFactory(
            parent=tracker,
            regulator=mofcom,
            materials=[dysprosium],
            instrument=InstrumentFactory(regulator=mofcom),
            event_type="control_imposed",
            announced_on=dt.date(2025, 4, 4),
        )
    )
    before = timezone.now()
    event.event_type = "control_lifted"
    publish(event)
    params = {"material": "dysprosium", "on": "2025-06-01"}
    now = _get(client, "/api/v1/regime/", **params)["results"][0]
    then = _get(client, "/api/v1/regime/", as_of=before.isoformat(), **params)
    assert now["route"] == "lifted"
    assert then["results"][0]["route"] == "case_by_case"


@pytest.mark.parametrize(
    "value", ["yesterday", "2025-13-01T00:00:00Z", "99999-01-01", "", " "]
)
def test_a_bad_as_of_is_a_400(client, corrected, value):
    event, _ = corrected
    for url in ("/api/v1/events/", f"/api/v1/events/{event.pk}/", "/api/v1/regime/"):
        response = client.get(url, {"as_of": value}, **HOST)
        assert response.status_code == 400, url
        assert "as_of" in response.json()


def test_as_of_list_query_count_is_the_same_for_1_and_100_events(client, tracker):
    materials = [MaterialFactory(), MaterialFactory()]
    instrument = InstrumentFactory()

    def grow(n):
        for _ in range(n):
            event = publish(
                LicenceEventPageFactory(
                    parent=tracker, materials=materials, instrument=instrument
                )
            )
            event.summary = "Corrected."
            publish(event)

    def count():
        url = f"/api/v1/events/?page_size=100&as_of={timezone.now().isoformat()}"
        client.get(url.replace("+", "%2B"), **HOST)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.replace("+", "%2B"), **HOST)
        assert response.status_code == 200, response.content[:300]
        return len(queries), response.json()["results"]

    # Every event but the first follows an earlier one on the instrument, so the
    # one-event case looks up a previous event too.
    grow(1)
    grow(1)
    small, _ = count()
    grow(98)
    large, results = count()
    assert len(results) == 100
    assert large == small
