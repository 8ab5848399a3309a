"""The regime endpoint: what applies to exporting a material on a date, cited."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "127.0.0.1:8000"}


def _regime(client, **params) -> dict:
    response = client.get("/api/v1/regime/", params, **HOST)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _titles(instruments) -> dict:
    return {i["instrument"]["slug"]: i for i in instruments}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_dysprosium_has_three_differently_cited_states(client, demo):
    before = _regime(client, material="dysprosium", on="2025-03-01")["results"][0]
    june = _regime(client, material="dysprosium", on="2025-06-01")["results"][0]
    january = _regime(client, material="dysprosium", on="2026-01-15")["results"][0]

    assert before["controlled"] is False
    assert before["route"] == "uncontrolled"
    assert before["route_event"] is None
    assert before["instruments"] == []

    assert june["controlled"] is True
    assert june["route"] == "case_by_case"
    assert june["route_since"] == "2025-04-04"
    assert june["route_event"]["title"].startswith("Licences required for seven")
    [april] = june["instruments"]
    assert april["instrument"]["slug"] == "mofcom-gac-announcement-18-2025"
    assert april["status"] == "in_force"
    assert april["event"]["id"] == june["route_event"]["id"]

    assert january["controlled"] is True
    assert january["route"] == "general_licence"
    assert january["route_event"]["title"] == (
        "General licences for some rare-earth exporters"
    )
    standing = _titles(january["instruments"])
    assert standing["mofcom-gac-announcement-18-2025"]["status"] == "in_force"
    october = standing["mofcom-october-2025-rare-earth-controls"]
    assert october["status"] == "suspended"
    assert october["until"] == "2026-11-10"
    assert october["event"]["title"] == "October expansion suspended for one year"
    assert october["in_force_event"]["title"] == "Rare-earth export controls expanded"
    assert all(e["url"] for e in (june["route_event"], january["route_event"]))


def test_demo_dysprosium_history_runs_from_uncontrolled_to_general_licence(
    client, demo
):
    [dy] = _regime(client, material="dysprosium", on="2026-01-15")["results"]
    routes = [(p["starts_on"], p["route"]) for p in dy["periods"]]
    assert routes == [
        (None, "uncontrolled"),
        ("2025-04-04", "case_by_case"),
        ("2025-10-09", "case_by_case"),  # the expansion: a second instrument
        ("2025-11-10", "case_by_case"),  # ... suspended
        ("2025-12-04", "general_licence"),
        ("2026-11-11", "general_licence"),  # the suspension lapses by itself
    ]
    assert [p["event"] is None for p in dy["periods"]] == [True] + [False] * 5


def test_a_suspension_lapses_after_its_end_date(client, demo):
    [dy] = _regime(client, material="dysprosium", on="2026-11-11")["results"]
    assert {i["status"] for i in dy["instruments"]} == {"in_force"}


def test_several_materials_at_once(client, demo):
    body = _regime(client, material="neodymium,dysprosium", on="2025-06-01")
    by_slug = {r["material"]["slug"]: r for r in body["results"]}
    assert by_slug["dysprosium"]["route"] == "case_by_case"
    # Neodymium is not in the April list: only the October expansion touches it.
    assert by_slug["neodymium"]["route"] == "uncontrolled"
    assert "rights" in body


def test_the_date_defaults_to_today(client, demo):
    from django.utils import timezone

    [dy] = _regime(client, material="dysprosium")["results"]
    assert dy["on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("on", ["2025-13-01", "yesterday", "2025-02-30", "0"])
def test_a_bad_date_is_a_400_naming_the_parameter(client, demo, on):
    response = client.get("/api/v1/regime/", {"on": on}, **HOST)
    assert response.status_code == 400
    assert "on" in response.json()


def test_an_unknown_material_matches_nothing_and_a_malformed_one_is_a_400(client, demo):
    """The API's one rule: a well-formed slug naming nothing is an empty answer."""
    response = client.get("/api/v1/regime/", {"material": "unobtainium"}, **HOST)
    assert response.status_code == 200
    assert response.json()["results"] == []
    response = client.get("/api/v1/regime/", {"material": "not a slug!"}, **HOST)
    assert response.status_code == 400
    assert "material" in response.json()


def test_a_draft_event_does_not_change_the_regime(client, demo):
    from policy.models import LicenceEventPage

    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    event.unpublish()
    [dy] = _regime(client, material="dysprosium", on="2026-01-15")["results"]
    assert dy["route"] == "case_by_case"


def test_regime_query_count_is_the_same_for_1_and_100_events_and_materials(
    client, tracker
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policy.models import LicenceEventPage
    from tests.factories.api import InstrumentFactory, MaterialFactory
    from tests.factories.policy import LicenceEventPageFactory

    def grow(n):
        for _ in range(n):
            material = MaterialFactory()
            LicenceEventPageFactory(
                parent=tracker,
                event_type=LicenceEventPage.EventType.CONTROL_IMPOSED,
                # Fixed: the factory's dates run on with every event a session makes.
                announced_on=datetime.date(2025, 1, 1),
                instrument=InstrumentFactory(),
                materials=[material],
            )

    def count():
        url = "/api/v1/regime/?page_size=100&on=2026-01-01"
        client.get(url, **HOST)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **HOST)
        assert response.status_code == 200
        return len(queries), response.json()["results"]

    grow(1)
    small, _ = count()
    grow(99)
    large, results = count()
    assert large == small
    assert len(results) == 100
    assert all(r["route"] == "case_by_case" for r in results)
