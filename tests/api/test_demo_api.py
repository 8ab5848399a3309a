"""On the demo site, the API serves the reference note's highlights at once."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_highlights_are_served_with_their_citations(client):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent, ids unchanged
    response = client.get(
        "/api/v1/highlights/", {"page_size": 100}, HTTP_HOST="127.0.0.1:8000"
    )
    assert response.status_code == 200
    note = [
        h
        for h in response.json()["results"]
        if h["article"]["title"].startswith("MOFCOM's general licences")
    ]
    assert [h["position"] for h in sorted(note, key=lambda h: h["position"])] == [
        1,
        2,
        3,
    ]
    assert all(h["citations"] for h in note)
    assert {c["label"] for h in note for c in h["citations"]} == {
        "MOFCOM statement",
        "Asian Metal report",
        "Our record of the event",
    }
    cited_events = [c["event"] for h in note for c in h["citations"] if c["event"]]
    assert len(cited_events) == 1
    again = client.get(
        "/api/v1/highlights/",
        {"page_size": 100},
        HTTP_HOST="127.0.0.1:8000",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_demo_general_licence_event_is_found_by_undisclosed_destinations(client):
    call_command("load_demo", stdout=io.StringIO())
    response = client.get(
        "/api/v1/events/", {"undisclosed": "destinations"}, HTTP_HOST="127.0.0.1:8000"
    )
    assert response.status_code == 200
    types = [e["event_type"] for e in response.json()["results"]]
    assert "general_licence_granted" in types
