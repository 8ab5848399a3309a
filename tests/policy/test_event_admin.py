"""Analysts record licence events in the admin; bad input is refused in place."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from policy.models import LicenceEventPage
from tests.factories import (
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db


def _fact(dimension, state="undisclosed", statement="Not stated by the ministry."):
    return (
        "fact",
        {
            "dimension": dimension,
            "state": state,
            "statement": statement,
            "citations": streamfield([]),
        },
    )


@pytest.fixture
def instrument():
    return InstrumentFactory(slug="announcement-18")


@pytest.fixture
def dysprosium():
    return MaterialFactory(name="Dysprosium", symbol="Dy", slug="dysprosium")


def _form(instrument, materials, facts, action="action-publish", **overrides):
    data = {
        "title": "General licences granted",
        "slug": "general-licences-granted",
        "regulator": instrument.regulator.pk,
        "instrument": instrument.pk,
        "previous_event": "",
        "event_type": "general_licence_granted",
        "announced_on": "2025-12-04",
        "effective_on": "",
        "destinations": "",
        "summary": "MOFCOM granted general licences to some exporters.",
        "assessment": "consolidating",
        "assessment_reason": "Fewer approvals to seek; the controls stay.",
        "confidence": "confirmed",
        "facts": streamfield(list(facts)),
    }
    data.update(overrides)
    form = nested_form_data(data)
    # A multiple choice posts one value per item, which nested_form_data would number.
    form["materials"] = [m.pk for m in materials]
    if action:
        form[action] = action
    return form


def _post(client, tracker, data):
    url = reverse(
        "wagtailadmin_pages:add", args=["policy", "licenceeventpage", tracker.pk]
    )
    return client.post(url, data)


def _errors(response, field):
    return response.context["form"].errors[field]


def test_analyst_publishes_an_event_with_undisclosed_facts(
    admin_client, tracker, instrument, dysprosium
):
    data = _form(
        instrument,
        [dysprosium],
        [_fact("procedure", "changed", "General licences for some."), _fact("volumes")],
    )
    response = _post(admin_client, tracker, data)
    assert response.status_code == 302
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    assert event.live
    assert [c.value["state"] for c in event.facts] == ["changed", "undisclosed"]
    assert list(event.materials.all()) == [dysprosium]


def test_published_event_without_facts_is_refused_with_a_message(
    admin_client, tracker, instrument, dysprosium
):
    response = _post(admin_client, tracker, _form(instrument, [dysprosium], []))
    assert response.status_code == 200
    assert "at least one fact; undisclosed counts" in str(_errors(response, "facts"))
    assert not LicenceEventPage.objects.exists()


def test_draft_event_may_be_saved_without_facts_or_materials(
    admin_client, tracker, instrument
):
    response = _post(admin_client, tracker, _form(instrument, [], [], action=None))
    assert response.status_code == 302
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    assert not event.live
    assert len(event.facts) == 0


def test_a_dimension_repeated_in_one_event_is_refused_naming_the_item(
    admin_client, tracker, instrument, dysprosium
):
    facts = [
        _fact("procedure", "changed"),
        _fact("destinations"),
        _fact("volumes"),
        _fact("destinations", "changed", "Shipments to some buyers are allowed."),
    ]
    response = _post(admin_client, tracker, _form(instrument, [dysprosium], facts))
    assert response.status_code == 200
    shown = _errors(response, "facts").as_data()[0].as_json_data()
    # The fourth item is the one flagged, and the message names the first occurrence.
    assert list(shown["blockErrors"]) == [3]
    [message] = shown["blockErrors"][3]["blockErrors"]["dimension"]["messages"]
    assert message == (
        "'Destinations' already appears as fact 2; each dimension appears once per "
        "event."
    )
    assert not LicenceEventPage.objects.exists()


def test_a_repeated_dimension_is_refused_in_drafts_too(
    admin_client, tracker, instrument
):
    facts = [_fact("duration"), _fact("duration", "changed")]
    response = _post(admin_client, tracker, _form(instrument, [], facts, action=None))
    assert response.status_code == 200
    assert "facts" in response.context["form"].errors


def test_effective_date_before_the_announcement_is_refused(
    admin_client, tracker, instrument, dysprosium
):
    data = _form(instrument, [dysprosium], [_fact("scope")], effective_on="2025-12-01")
    response = _post(admin_client, tracker, data)
    assert response.status_code == 200
    assert _errors(response, "effective_on") == [
        "The effective date (01 Dec 2025) cannot be before the announcement "
        "(04 Dec 2025)."
    ]


def test_published_event_without_materials_is_refused(
    admin_client, tracker, instrument
):
    response = _post(admin_client, tracker, _form(instrument, [], [_fact("scope")]))
    assert response.status_code == 200
    assert _errors(response, "materials") == ["Choose at least one material."]


def test_bad_destination_codes_are_refused_with_an_example(
    admin_client, tracker, instrument, dysprosium
):
    data = _form(instrument, [dysprosium], [_fact("scope")], destinations="USA; Japan")
    response = _post(admin_client, tracker, data)
    assert response.status_code == 200
    assert "e.g. 'US, JP, DE'" in _errors(response, "destinations")[0]


def test_previous_event_on_the_instrument_is_linked_automatically(
    admin_client, tracker, instrument, dysprosium
):
    april = LicenceEventPageFactory(
        parent=tracker,
        instrument=instrument,
        regulator=instrument.regulator,
        announced_on="2025-04-04",
    )
    LicenceEventPageFactory(
        parent=tracker,
        instrument=InstrumentFactory(),
        regulator=instrument.regulator,
        announced_on="2025-10-09",
    )
    response = _post(
        admin_client, tracker, _form(instrument, [dysprosium], [_fact("scope")])
    )
    assert response.status_code == 302
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    assert event.previous_event == april


def test_a_chosen_previous_event_is_kept(admin_client, tracker, instrument, dysprosium):
    LicenceEventPageFactory(
        parent=tracker, instrument=instrument, announced_on="2025-04-04"
    )
    chosen = LicenceEventPageFactory(parent=tracker, announced_on="2025-11-07")
    data = _form(instrument, [dysprosium], [_fact("scope")], previous_event=chosen.pk)
    assert _post(admin_client, tracker, data).status_code == 302
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    assert event.previous_event == chosen


def test_a_previous_event_announced_later_is_refused(
    admin_client, tracker, instrument, dysprosium
):
    later = LicenceEventPageFactory(
        parent=tracker, title="Later event", announced_on="2026-01-10"
    )
    data = _form(instrument, [dysprosium], [_fact("scope")], previous_event=later.pk)
    response = _post(admin_client, tracker, data)
    assert response.status_code == 200
    assert _errors(response, "previous_event") == [
        "'Later event' was announced on 10 Jan 2026, after this event; choose an "
        "earlier one."
    ]


def test_an_event_cannot_follow_itself(admin_client, tracker, instrument):
    event = LicenceEventPageFactory(parent=tracker, instrument=instrument)
    data = _form(
        instrument,
        list(event.materials.all()),
        [_fact("scope")],
        title=event.title,
        slug=event.slug,
        announced_on=event.announced_on.isoformat(),
        previous_event=event.pk,
    )
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert _errors(response, "previous_event") == ["An event cannot follow itself."]


def test_instrument_chooser_finds_instruments_by_reference(admin_client):
    InstrumentFactory(
        title="Export controls on medium and heavy rare earths",
        document_reference="Announcement No. 18 of 2025",
    )
    InstrumentFactory(title="Extraterritorial rare-earth controls")
    url = reverse("wagtailsnippetchoosers_policy_instrument:choose_results")
    response = admin_client.get(url, {"q": "heavy"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Export controls on medium and heavy rare earths" in html
    assert "Extraterritorial" not in html


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("regulator", "MOFCOM", "Ministry of Commerce"),
        ("material", "terb", "Terbium"),
        ("instrument", "18", "Controls on heavy rare earths"),
    ],
)
def test_reference_data_is_searchable_in_the_admin(
    admin_client, model, query, expected
):
    mofcom = RegulatorFactory(
        name="Ministry of Commerce", short_name="MOFCOM", slug="mofcom"
    )
    RegulatorFactory(name="Bureau of Industry and Security", short_name="BIS")
    MaterialFactory(name="Terbium", symbol="Tb", slug="terbium")
    MaterialFactory(name="Yttrium", symbol="Y", slug="yttrium")
    InstrumentFactory(
        regulator=mofcom,
        title="Controls on heavy rare earths",
        document_reference="Announcement No. 18 of 2025",
    )
    InstrumentFactory(
        regulator=mofcom,
        title="Controls on rare-earth technology",
        document_reference="Announcement No. 62 of 2025",
    )
    url = reverse(f"wagtailsnippets_policy_{model}:list")
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    for other in ("Bureau of Industry", "Yttrium", "rare-earth technology"):
        assert other not in html


def test_event_edit_form_offers_an_instrument_chooser(admin_client, tracker):
    url = reverse(
        "wagtailadmin_pages:add", args=["policy", "licenceeventpage", tracker.pk]
    )
    html = admin_client.get(url).content.decode()
    for model in ("instrument", "regulator"):
        assert reverse(f"wagtailsnippetchoosers_policy_{model}:choose") in html


def test_analyst_previews_a_new_event_before_saving(
    admin_client, tracker, instrument, dysprosium
):
    LicenceEventPageFactory(
        parent=tracker,
        title="April controls",
        instrument=instrument,
        regulator=instrument.regulator,
        announced_on="2025-04-04",
    )
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["policy", "licenceeventpage", tracker.pk],
    )
    data = _form(
        instrument, [dysprosium], [_fact("volumes", statement="No quota named.")]
    )
    assert admin_client.post(url, data).json()["is_valid"]
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No quota named." in html
    assert "Compared with" in html and "April controls" in html


def test_analyst_previews_the_tracker(admin_client, tracker):
    LicenceEventPageFactory(parent=tracker, title="Listed event")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tracker.pk])
    data = nested_form_data(
        {"title": "Policy tracker", "slug": "policy", "intro": "Events."}
    )
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "Listed event" in html
    assert "<svg" in html


def _bulk_publish(admin_client, page, next_url="/admin/"):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    return admin_client.post(
        f"{url}?id={page.pk}&next={next_url}", {"include_descendants": ""}, follow=True
    )


def test_bulk_publishing_a_draft_event_without_facts_is_refused_by_name(
    admin_client, tracker
):
    draft = LicenceEventPageFactory(
        parent=tracker, title="Quota announced", live=False, facts=[]
    )
    draft.save_revision()
    response = _bulk_publish(admin_client, draft)
    draft.refresh_from_db()
    assert not draft.live
    shown = [str(m) for m in response.context["messages"]]
    assert any("'Quota announced': it needs at least one fact" in m for m in shown)


def test_bulk_publishing_a_complete_draft_event_still_works(admin_client, tracker):
    draft = LicenceEventPageFactory(parent=tracker, title="Guidance issued", live=False)
    draft.save_revision()
    _bulk_publish(admin_client, draft)
    draft.refresh_from_db()
    assert draft.live
