"""The policy timeline: newest first, filterable, charted, and never showing drafts."""

import datetime as dt
import re

import pytest

from policy.models import LicenceEventPage
from tests.factories import (
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db

EventType = LicenceEventPage.EventType
Assessment = LicenceEventPage.Assessment


@pytest.fixture
def record(tracker):
    """Three live events from two regulators, and a draft."""
    mofcom = RegulatorFactory(
        name="Ministry of Commerce", short_name="MOFCOM", slug="mofcom"
    )
    bis = RegulatorFactory(
        name="Bureau of Industry and Security", short_name="BIS", slug="bis"
    )
    terbium = MaterialFactory(name="Terbium", symbol="Tb", slug="terbium")
    gallium = MaterialFactory(name="Gallium", symbol="Ga", slug="gallium")
    no18 = InstrumentFactory(regulator=mofcom, slug="no-18", title="Announcement 18")
    events = {
        "april": LicenceEventPageFactory(
            parent=tracker,
            title="April controls",
            regulator=mofcom,
            instrument=no18,
            event_type=EventType.CONTROL_IMPOSED,
            assessment=Assessment.TIGHTENING,
            announced_on=dt.date(2025, 4, 4),
            materials=[terbium],
        ),
        "licences": LicenceEventPageFactory(
            parent=tracker,
            title="General licences",
            regulator=mofcom,
            instrument=no18,
            event_type=EventType.GENERAL_LICENCE_GRANTED,
            assessment=Assessment.CONSOLIDATING,
            announced_on=dt.date(2025, 12, 4),
            materials=[terbium],
        ),
        "rule": LicenceEventPageFactory(
            parent=tracker,
            title="Foreign rule",
            regulator=bis,
            event_type=EventType.GUIDANCE_ISSUED,
            assessment=Assessment.NEUTRAL,
            announced_on=dt.date(2024, 9, 1),
            materials=[gallium],
        ),
        "draft": LicenceEventPageFactory(
            parent=tracker,
            title="Unpublished quota",
            regulator=mofcom,
            instrument=no18,
            announced_on=dt.date(2025, 12, 20),
            materials=[terbium],
            live=False,
        ),
    }
    return events


def _titles(html: str) -> list[str]:
    """Event titles in the listing, in order."""
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def _get(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_timeline_lists_live_events_newest_first_without_drafts(
    client, tracker, record
):
    html = _get(client, tracker.url)
    assert _titles(html) == ["General licences", "April controls", "Foreign rule"]
    assert "Unpublished quota" not in html
    assert "unpublished-quota" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"regulator": "bis"}, ["Foreign rule"]),
        ({"material": "terbium"}, ["General licences", "April controls"]),
        ({"instrument": "no-18"}, ["General licences", "April controls"]),
        ({"event_type": "control_imposed"}, ["April controls"]),
        ({"assessment": "consolidating"}, ["General licences"]),
        ({"year": "2024"}, ["Foreign rule"]),
        (
            {"year": "2025", "regulator": "mofcom"},
            ["General licences", "April controls"],
        ),
        ({"year": "2023"}, []),
        ({"regulator": ""}, ["General licences", "April controls", "Foreign rule"]),
    ],
)
def test_timeline_filters_by_the_query_string(client, tracker, record, query, expected):
    assert _titles(_get(client, tracker.url, query)) == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"regulator": "nobody"}, "regulator", "There is no regulator by that name"),
        ({"material": "unobtainium"}, "material", "There is no material by that name"),
        ({"instrument": "x" * 5000}, "instrument", "There is no instrument by that"),
        (
            {"regulator": "mof\x00com"},
            "regulator",
            "There is no regulator by that name",
        ),
        ({"material": "terbium'--"}, "material", "There is no material by that name"),
        ({"event_type": "coup"}, "event_type", "Pick an event type from the list."),
        ({"assessment": "great"}, "assessment", "Pick an assessment from the list."),
        ({"year": "abc"}, "year", "Enter a year as four digits, e.g. 2025."),
        ({"year": "1" * 400}, "year", "Enter a year up to 2100."),
        ({"year": "-5"}, "year", "Enter a year from 1945 on."),
        ({"year": "2025.5"}, "year", "Enter a year as four digits, e.g. 2025."),
    ],
)
def test_bad_filter_values_give_an_empty_list_and_an_error_by_the_field(
    client, tracker, record, query, field, message
):
    html = _get(client, tracker.url, query)
    assert _titles(html) == []
    assert "<svg" not in html
    error = re.search(
        rf'<p class="field-error" id="id_{field}-error">([^<]*)</p>', html
    )
    assert error is not None and error.group(1).startswith(
        message.replace("'", "&#x27;")
    )
    assert f'aria-describedby="id_{field}-error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("page", ["999", "-1", "abc", "1" * 400, "\x00"])
def test_bad_page_numbers_give_a_normal_page(client, tracker, record, page):
    assert _titles(_get(client, tracker.url, {"page": page}))


def test_pages_of_the_timeline_keep_the_filters(client, tracker):
    regulator = RegulatorFactory(slug="mofcom", short_name="MOFCOM")
    for i in range(25):
        LicenceEventPageFactory(
            parent=tracker, title=f"Event {i:02d}", regulator=regulator
        )
    LicenceEventPageFactory(parent=tracker, title="Other regulator's event")
    first = _get(client, tracker.url, {"regulator": "mofcom"})
    assert len(_titles(first)) == 20
    assert 'href="?regulator=mofcom&amp;page=2"' in first
    second = _get(client, tracker.url, {"regulator": "mofcom", "page": "2"})
    assert _titles(second) == [f"Event {i:02d}" for i in range(4, -1, -1)]


def test_svg_timeline_has_a_linked_mark_per_event_and_one_lane_per_regulator(
    client, tracker, record
):
    html = _get(client, tracker.url)
    svg = html[html.index("<svg") : html.index("</svg>")]
    marks = re.findall(r'<a class="mark mark-(\w+)" href="([^"]+)"', svg)
    assert sorted(href for _, href in marks) == sorted(
        record[k].url for k in ("april", "licences", "rule")
    )
    assert ("consolidating", record["licences"].url) in marks
    assert (
        "<title>4 December 2025 — MOFCOM: General licences (Consolidating)</title>"
        in svg
    )
    assert re.findall(r'class="lane-label"[^>]*>([^<]+)<', svg) == ["BIS", "MOFCOM"]
    assert "Unpublished quota" not in svg
    # Labelled for assistive technology, with the same events as a list (the phone
    # timeline, kept for screen readers on wider screens).
    labelled_by = re.search(r'<svg[^>]*aria-labelledby="([^"]+)"', svg).group(1)
    for element_id in labelled_by.split():
        assert f'id="{element_id}"' in svg
    listing = html[html.index('<ol class="timeline-list"') : html.index("</ol>")]
    assert listing.count("<li>") == 3
    assert re.search(
        r'<time datetime="2025-04-04">4 April 2025</time> <a href="[^"]+">'
        r'April controls</a> <span class="lane-name">MOFCOM</span>',
        listing,
    )
    assert "<script" not in html


def test_svg_timeline_follows_the_filters(client, tracker, record):
    html = _get(client, tracker.url, {"regulator": "bis"})
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="mark ') == 1
    assert record["rule"].url in svg


def test_timeline_with_no_events_says_so_without_a_chart(client, tracker):
    html = _get(client, tracker.url)
    assert "<svg" not in html
    assert "No events match these filters." in html


def test_material_page_lists_its_events_only(client, tracker, record):
    html = _get(client, f"{tracker.url}materials/gallium/")
    assert "<h1>Gallium (Ga)</h1>" in html
    assert _titles(html) == ["Foreign rule"]
    # The page's own subject is not offered again as a filter.
    assert 'name="material"' not in html
    assert 'name="regulator"' in html


def test_instrument_page_lists_its_events_with_the_instrument_details(
    client, tracker, record
):
    html = _get(client, f"{tracker.url}instruments/no-18/")
    assert "<h1>Announcement 18</h1>" in html
    assert _titles(html) == ["General licences", "April controls"]


def test_regulator_page_lists_its_events_and_accepts_more_filters(
    client, tracker, record
):
    url = f"{tracker.url}regulators/mofcom/"
    assert _titles(_get(client, url)) == ["General licences", "April controls"]
    assert _titles(_get(client, url, {"event_type": "control_imposed"})) == [
        "April controls"
    ]


@pytest.mark.parametrize(
    "path", ["materials/unobtainium/", "instruments/none/", "regulators/nobody/"]
)
def test_unknown_subjects_are_not_found(client, tracker, record, path):
    assert client.get(f"{tracker.url}{path}").status_code == 404


def test_event_links_reach_the_material_pages(client, tracker, record):
    html = _get(client, tracker.url)
    assert f'href="{tracker.url}materials/terbium/"' in html


def test_the_tracker_is_in_the_main_navigation(client, tracker):
    html = _get(client, "/")
    assert f'<a href="{tracker.url}">Policy tracker</a>' in html


def _events(tracker, n):
    regulators = [RegulatorFactory() for _ in range(min(n, 5))]
    materials = [MaterialFactory(slug="samarium")] + [
        MaterialFactory() for _ in range(min(n, 5) - 1)
    ]
    for i in range(n):
        LicenceEventPageFactory(
            parent=tracker,
            regulator=regulators[i % len(regulators)],
            instrument=InstrumentFactory(regulator=regulators[i % len(regulators)]),
            materials=materials,
        )


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {
            "material": "samarium",
            "regulator": "mofcom",
            "instrument": "x",
            "year": "2025",
        },
        {"year": "nope"},
    ],
)
def test_timeline_query_count_does_not_grow_with_events(
    client, tracker, django_assert_max_num_queries, n, query
):
    _events(tracker, n)
    client.get(tracker.url)  # warm per-process caches (site root paths, content types)
    # 17 to serve the page, plus one look-up per named regulator/material/instrument.
    with django_assert_max_num_queries(20):
        response = client.get(tracker.url, query)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 50])
def test_material_page_query_count_does_not_grow_with_events(
    client, tracker, django_assert_max_num_queries, n
):
    _events(tracker, n)
    url = f"{tracker.url}materials/samarium/"
    client.get(url)
    # 18 for the timeline, plus two for the regime (the event chain and its
    # materials), two for the open questions (and their events' materials) and two
    # for the analysis (and its bylines).
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert len(_titles(response.content.decode())) == min(n, 20)
