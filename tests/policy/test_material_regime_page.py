"""A material's page says where its export regime stands, and how it got there."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy.models import LicenceEventPage, Material, PolicyTrackerPage
from tests.factories import InstrumentFactory, LicenceEventPageFactory

pytestmark = pytest.mark.django_db


def test_demo_dysprosium_page_shows_where_things_stand_citing_the_event(client):
    call_command("load_demo", stdout=io.StringIO())
    tracker = PolicyTrackerPage.objects.get()
    response = client.get(f"{tracker.url}materials/dysprosium/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Where things stand" in html
    general = LicenceEventPage.objects.get(slug="general-licences-granted")
    section = html.split("Where things stand", 1)[1].split("</section>", 1)[0]
    assert "general licences for some exporters" in section
    assert f'href="{general.url}"' in section
    assert "How it got here" in section
    assert "Before the record" in section


def test_material_without_events_is_not_controlled(client, tracker):
    Material.objects.create(name="Gallium", slug="gallium", category="other")
    html = client.get(f"{tracker.url}materials/gallium/").content.decode()
    assert "Not controlled" in html


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches
    # and again: the first request creates the settings row, a change that empties
    # the content cache (site, settings, navigation, filter lists).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_regime_section_query_count_does_not_grow_with_events(client, tracker):
    material = Material.objects.create(name="Gallium", slug="gallium", category="other")
    url = f"{tracker.url}materials/gallium/"

    def grow(n):
        for _ in range(n):
            LicenceEventPageFactory(
                parent=tracker,
                event_type=LicenceEventPage.EventType.CONTROL_IMPOSED,
                instrument=InstrumentFactory(),
                materials=[material],
            )

    grow(1)
    small = _count(client, url)
    grow(99)
    assert _count(client, url) == small


def test_a_lapsed_suspension_is_told_as_running_out(rf):
    import datetime as dt

    from django.template.loader import render_to_string

    from policy.selectors.regime import material_regimes

    call_command("load_demo", stdout=io.StringIO())
    dysprosium = Material.objects.get(slug="dysprosium")
    [found] = material_regimes(materials=[dysprosium], on=dt.date(2026, 12, 1))
    html = render_to_string(
        "policy/components/regime.html", {"found": found, "request": rf.get("/")}
    )
    suspension = LicenceEventPage.objects.get(slug="october-2025-expansion-suspended")
    assert 'in force again since <time datetime="2026-11-11">' in html
    assert f'when <a href="{suspension.url}">{suspension.title}</a> ran out' in html
