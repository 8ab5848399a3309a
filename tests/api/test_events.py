"""/api/v1/events/: the policy record, filterable by what its facts say."""

import datetime as dt

import pytest

from policy.models import LicenceEventPage
from tests.factories.api import (
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    ReportFactory,
    cite,
    fact,
    make_private,
    publish,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/"


def _titles(response):
    assert response.status_code == 200, response.content
    return [e["title"] for e in response.json()["results"]]


def test_event_carries_every_field_and_facts_grouped_by_state(
    client, general_licence_event, mofcom, dysprosium
):
    body = client.get(URL).json()
    assert body["rights"]["copyright_holder"]
    [event] = body["results"]
    assert event["id"] == general_licence_event.pk
    assert event["url"] == general_licence_event.full_url
    assert event["event_type"] == "general_licence_granted"
    assert event["announced_on"] == "2025-12-04"
    assert event["regulator"]["slug"] == "mofcom"
    assert [m["slug"] for m in event["materials"]] == ["dysprosium"]
    assert event["assessment"] == "consolidating"
    assert event["assessment_reason"] == "Fewer approvals, same controls."
    assert event["confidence"] == "confirmed"
    facts = event["facts"]
    assert list(facts) == ["changed", "unchanged", "undisclosed"]
    assert [f["dimension"] for f in facts["changed"]] == ["procedure"]
    assert [f["dimension"] for f in facts["unchanged"]] == ["scope"]
    assert [f["dimension"] for f in facts["undisclosed"]] == [
        "exporters",
        "destinations",
    ]
    assert facts["undisclosed"][1]["dimension_label"] == "Destinations"
    assert event["sources"] == [
        {
            "label": "MOFCOM statement",
            "url": "https://www.mofcom.gov.cn/",
            "event": None,
            "report": None,
        }
    ]
    detail = client.get(f"{URL}{general_licence_event.pk}/").json()
    assert detail["facts"] == facts and detail["rights"] == body["rights"]


def test_undisclosed_destinations_finds_the_general_licence_event(
    client, tracker, general_licence_event
):
    publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Destinations named",
            facts=[fact("destinations", "changed")],
        )
    )
    assert _titles(client.get(URL, {"undisclosed": "destinations"})) == [
        general_licence_event.title
    ]
    assert _titles(client.get(URL, {"changed": "destinations"})) == [
        "Destinations named"
    ]
    assert sorted(_titles(client.get(URL, {"changed": "procedure,destinations"}))) == [
        "Destinations named",
        general_licence_event.title,
    ]
    assert _titles(client.get(URL, {"unchanged": "scope"})) == [
        general_licence_event.title
    ]


def test_filters_by_regulator_material_instrument_type_and_assessment(
    client, tracker, general_licence_event, mofcom
):
    instrument = InstrumentFactory(regulator=mofcom, slug="announcement-18-2025")
    terbium = MaterialFactory(slug="terbium")
    publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="April controls",
            regulator=mofcom,
            instrument=instrument,
            materials=[terbium],
            event_type=LicenceEventPage.EventType.CONTROL_IMPOSED,
            assessment=LicenceEventPage.Assessment.TIGHTENING,
            announced_on=dt.date(2025, 4, 4),
        )
    )
    both = sorted(["April controls", general_licence_event.title])
    assert sorted(_titles(client.get(URL, {"regulator": "mofcom"}))) == both
    assert _titles(client.get(URL, {"material": "terbium"})) == ["April controls"]
    assert sorted(_titles(client.get(URL, {"material": "terbium,dysprosium"}))) == both
    assert _titles(client.get(URL, {"instrument": "announcement-18-2025"})) == [
        "April controls"
    ]
    assert _titles(client.get(URL, {"event_type": "control_imposed"})) == [
        "April controls"
    ]
    assert _titles(client.get(URL, {"assessment": "consolidating"})) == [
        general_licence_event.title
    ]
    window = {"announced_after": "2025-04-01", "announced_before": "2025-04-30"}
    assert _titles(client.get(URL, window)) == ["April controls"]


def test_newest_announcement_comes_first_and_oldest_first_is_available(client, tracker):
    for day in (1, 3, 2):
        publish(
            LicenceEventPageFactory(
                parent=tracker, title=f"Day {day}", announced_on=dt.date(2025, 5, day)
            )
        )
    assert _titles(client.get(URL)) == ["Day 3", "Day 2", "Day 1"]
    assert _titles(client.get(URL, {"ordering": "announced_on"})) == [
        "Day 1",
        "Day 2",
        "Day 3",
    ]


def test_cursor_walk_over_events_announced_the_same_day(client, tracker):
    for i in range(5):
        publish(
            LicenceEventPageFactory(
                parent=tracker, title=f"Same day {i}", announced_on=dt.date(2025, 6, 1)
            )
        )
    seen, response = [], client.get(URL, {"page_size": 2})
    while True:
        body = response.json()
        seen += [e["title"] for e in body["results"]]
        if not body["next"]:
            break
        response = client.get(body["next"])
    assert sorted(seen) == [f"Same day {i}" for i in range(5)]


def test_drafts_and_private_events_never_appear(client, tracker, general_licence_event):
    draft = publish(LicenceEventPageFactory(parent=tracker, title="Withdrawn"))
    draft.unpublish()
    private = publish(LicenceEventPageFactory(parent=tracker, title="Private"))
    make_private(private)
    assert _titles(client.get(URL)) == [general_licence_event.title]
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert client.get(f"{URL}{private.pk}/").status_code == 404
    assert client.get(f"{URL}{private.pk}/diff/").status_code == 404
    assert _titles(client.get(URL, {"undisclosed": "procedure"})) == []


def test_diff_reports_transitions_from_the_previous_event(client, tracker, mofcom):
    earlier = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Controls imposed",
            regulator=mofcom,
            announced_on=dt.date(2025, 4, 4),
            facts=[fact("destinations", "undisclosed"), fact("scope", "changed")],
        )
    )
    later = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Destinations named",
            regulator=mofcom,
            previous_event=earlier,
            announced_on=dt.date(2025, 10, 9),
            facts=[
                fact("destinations", "changed", "Named."),
                fact("volumes", "changed"),
            ],
        )
    )
    body = client.get(f"{URL}{later.pk}/diff/").json()
    assert body["rights"]["copyright_holder"]
    assert body["event"]["id"] == later.pk
    assert body["previous_event"]["id"] == earlier.pk
    moves = {
        t["dimension"]: (t["before"], t["after"], t["change"])
        for t in body["transitions"]
    }
    assert moves == {
        "destinations": ("undisclosed", "changed", "transition"),
        "volumes": (None, "changed", "new"),
        "scope": ("changed", None, "dropped"),
    }
    listed = client.get(f"{URL}{later.pk}/").json()
    assert listed["previous_event"]["id"] == earlier.pk


def test_diff_and_payload_ignore_a_previous_event_readers_cannot_see(client, tracker):
    earlier = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Secret earlier event",
            facts=[fact("destinations", "undisclosed", "A secret statement.")],
        )
    )
    later = publish(
        LicenceEventPageFactory(
            parent=tracker,
            previous_event=earlier,
            facts=[fact("destinations", "changed")],
        )
    )
    make_private(earlier)
    body = client.get(f"{URL}{later.pk}/diff/").json()
    assert body["previous_event"] is None
    assert [t["change"] for t in body["transitions"]] == ["new"]
    assert (
        "A secret statement."
        not in client.get(f"{URL}{later.pk}/diff/").content.decode()
    )
    assert client.get(f"{URL}{later.pk}/").json()["previous_event"] is None


def test_fact_citations_resolve_reports_and_events(
    client, tracker, general_licence_event
):
    report = ReportFactory()
    event = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Follow-up",
            facts=[
                fact(
                    "exporters",
                    "changed",
                    "Named.",
                    cite(report=report),
                    cite(event=general_licence_event),
                )
            ],
        )
    )
    [exporters] = client.get(f"{URL}{event.pk}/").json()["facts"]["changed"]
    by_report, by_event = exporters["citations"]
    assert by_report["report"]["id"] == report.pk
    assert by_report["label"] == report.title
    assert by_event["event"]["id"] == general_licence_event.pk


@pytest.mark.parametrize(
    "query",
    [
        {"undisclosed": "everything"},
        {"event_type": "coup"},
        {"regulator": "not a slug"},
        {"announced_after": "2025-13-45"},
        {"ordering": "title"},
    ],
)
def test_unknown_filter_values_are_a_400_with_the_parameter_named(
    client, general_licence_event, query
):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)
