"""Open questions: opened by undisclosed facts, closed by later events or reporting,
served on the public page, in the API and in a feed."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policy.models import LicenceEventPage, OpenQuestion, PolicyTrackerPage
from policy.services import open_question_answer_refresh
from tests.factories.api import (
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    ReportFactory,
    fact,
    publish,
)

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "127.0.0.1:8000"}
FIVE = {"exporters", "products", "volumes", "destinations", "duration"}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return LicenceEventPage.objects.get(slug="general-licences-granted")


def _questions(client, **params) -> list[dict]:
    response = client.get("/api/v1/questions/", {"page_size": 100, **params}, **HOST)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def _page(client) -> str:
    tracker = PolicyTrackerPage.objects.get()
    response = client.get(f"{tracker.url}questions/", **HOST)
    assert response.status_code == 200
    return response.content.decode()


def _open_section(html: str) -> str:
    return html.split('id="open-heading"', 1)[1].split("</section>", 1)[0]


def _follow_up(general, *facts, slug="destinations-named"):
    """A later event on the general licence's line, published."""
    tracker = PolicyTrackerPage.objects.get()
    event = LicenceEventPageFactory(
        parent=tracker,
        slug=slug,
        title="MOFCOM names destinations",
        regulator=general.regulator,
        instrument=general.instrument,
        previous_event=general,
        event_type=LicenceEventPage.EventType.GUIDANCE_ISSUED,
        announced_on=dt.date(2026, 2, 1),
        materials=list(general.materials.all()),
        facts=list(facts),
    )
    return publish(event)


def test_demo_general_licence_event_has_five_open_questions(client, demo):
    mine = [q for q in _questions(client, status="open") if q["event"]["id"] == demo.pk]
    assert {q["dimension"] for q in mine} == FIVE
    worded = {q["dimension"]: q["question"] for q in mine}
    assert worded["exporters"] == "Which exporters received general licences?"
    by_dimension = {q["dimension"]: q for q in mine}
    # Destinations were already undisclosed in April; exporters only from December.
    assert by_dimension["destinations"]["first_undisclosed_on"] == "2025-04-04"
    assert by_dimension["exporters"]["first_undisclosed_on"] == "2025-12-04"

    section = _open_section(_page(client))
    assert section.count(f'href="{demo.url}"') == 5
    for q in mine:
        assert q["question"] in section


def test_a_later_event_recording_destinations_as_changed_closes_exactly_that_one(
    client, demo
):
    before = {q["id"] for q in _questions(client, status="open")}
    later = _follow_up(
        demo, fact("destinations", "changed", "Shipments to Japan and Korea only.")
    )
    after = {q["id"] for q in _questions(client, status="open")}
    [closed] = before - after
    assert after <= before
    question = _questions(client, status="answered", dimension="destinations")
    [answered] = [q for q in question if q["id"] == closed]
    assert answered["event"]["id"] == demo.pk
    assert answered["closed_by_event"]["id"] == later.pk
    assert answered["closed_state"] == "changed"
    assert answered["closed_on"] == "2026-02-01"
    mine = [q for q in _questions(client, status="open") if q["event"]["id"] == demo.pk]
    assert {q["dimension"] for q in mine} == FIVE - {"destinations"}
    html = _page(client)
    assert "To which destinations may general-licence holders ship?" not in (
        _open_section(html)
    )
    assert f'href="{later.url}"' in html.split('id="answered-heading"', 1)[1]


def test_a_later_event_leaving_it_undisclosed_carries_the_question_on(client, demo):
    later = _follow_up(demo, fact("volumes", "undisclosed", "Still no volumes."))
    carried = OpenQuestion.objects.get(event=demo, dimension="volumes")
    assert carried.status == "carried"
    taken_over = OpenQuestion.objects.get(event=later, dimension="volumes")
    assert taken_over.status == "open"
    assert taken_over.first_undisclosed_on == dt.date(2025, 4, 4)


def test_unpublishing_the_later_event_reopens_the_question(client, demo):
    later = _follow_up(demo, fact("destinations", "changed", "Named."))
    later.unpublish()
    question = OpenQuestion.objects.get(event=demo, dimension="destinations")
    assert question.status == "open" and question.closed_by_event is None


def test_an_editor_answer_from_a_report_closes_it_with_the_citation(client, demo):
    report = ReportFactory(title="Exporters named in customs filings")
    question = OpenQuestion.objects.get(event=demo, dimension="exporters")
    question.answered_by_report = report
    question.answer = "Customs filings name six firms."
    question.answered_on = dt.date(2026, 1, 20)
    question.full_clean()
    question.save()
    open_question_answer_refresh(question=question)
    [served] = _questions(client, status="answered", dimension="exporters")
    assert served["answered_by"]["report"]["title"] == report.title
    assert served["answered_by"]["note"] == "Customs filings name six firms."
    assert served["closed_on"] == "2026-01-20"
    assert "Customs filings name six firms." in _page(client)


def test_an_answer_needs_its_citation_and_its_words(demo):
    from django.core.exceptions import ValidationError

    question = OpenQuestion.objects.get(event=demo, dimension="exporters")
    question.answer = "Someone said so."
    with pytest.raises(ValidationError) as raised:
        question.full_clean()
    assert "answered_by_report" in raised.value.message_dict


def test_draft_events_open_no_questions(client, tracker):
    event = LicenceEventPageFactory(
        parent=tracker, facts=[fact("exporters", "undisclosed", "Not named.")]
    )
    event.save_revision()  # a draft: never published
    assert _questions(client) == []
    assert not OpenQuestion.objects.filter(event=event).exists()


@pytest.mark.parametrize(
    "params",
    [
        {"material": "dysprosium"},
        {"regulator": "mofcom"},
        {"dimension": "destinations,exporters"},
        {"status": "open"},
        {"opened_after": "2025-12-01"},
        {"opened_before": "2025-04-30"},
        {"closed_after": "2025-01-01", "closed_before": "2026-12-31"},
    ],
)
def test_filters_narrow_the_list(client, demo, params):
    every = _questions(client)
    some = _questions(client, **params)
    assert 0 < len(some) <= len(every)
    for q in some:
        if "dimension" in params:
            assert q["dimension"] in params["dimension"].split(",")
        if "status" in params:
            assert q["status"] == params["status"]
        if "opened_after" in params:
            assert q["first_undisclosed_on"] >= params["opened_after"]
        if "opened_before" in params:
            assert q["first_undisclosed_on"] <= params["opened_before"]
        if "closed_after" in params:
            assert q["closed_on"] and q["closed_on"] >= params["closed_after"]
        if "material" in params:
            assert "dysprosium" in {m["slug"] for m in q["materials"]}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "maybe"},
        {"dimension": "colour"},
        {"opened_after": "2025-02-30"},
        {"material": "not a slug!"},
        {"colour": "red"},
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(client, demo, params):
    response = client.get("/api/v1/questions/", params, **HOST)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_feed_lists_open_and_answered_questions(client, demo):
    _follow_up(demo, fact("destinations", "changed", "Named."))
    response = client.get("/feeds/questions/rss/", **HOST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Open: Which exporters received general licences?" in body
    assert "Answered: To which destinations may general-licence holders ship?" in body


def test_the_feed_keeps_each_requests_links_to_that_request(demo, settings):
    """One feed object serves every request: a request that starts while another is
    being written must not change the other's links (they follow the request's host
    in development)."""
    from django.test import RequestFactory

    from policy.feeds import OpenQuestionsFeed

    settings.ABSOLUTE_URLS_FOLLOW_REQUEST = True
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    feed, factory = OpenQuestionsFeed(), RequestFactory()
    first = factory.get("/feeds/questions/rss/", HTTP_HOST="a.example")
    second = factory.get("/feeds/questions/rss/", HTTP_HOST="b.example")
    urls = feed.get_object(first)
    feed.get_object(second)  # the second request begins before the first is written
    body = feed.get_feed(urls, first).writeString("utf-8")
    assert "b.example" not in body
    assert "http://a.example/" in body


def _count(client, url) -> int:
    client.get(url, **HOST)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **HOST).status_code == 200
    return len(queries)


def test_query_counts_are_the_same_for_1_and_100_questions(client, tracker):
    regulator = RegulatorFactory()
    materials = [MaterialFactory(), MaterialFactory()]
    report = ReportFactory()

    def grow(n):
        for _ in range(n):
            first = publish(
                LicenceEventPageFactory(
                    parent=tracker,
                    regulator=regulator,
                    materials=materials,
                    facts=[
                        fact("exporters", "undisclosed", "Not named."),
                        fact("volumes", "undisclosed", "Not published."),
                    ],
                )
            )
            later = LicenceEventPageFactory(
                parent=tracker,
                regulator=regulator,
                materials=materials,
                previous_event=first,
                announced_on=first.announced_on + dt.timedelta(days=1),
                facts=[fact("volumes", "changed", "Published.")],
            )
            publish(later)
            OpenQuestion.objects.filter(event=first, dimension="exporters").update(
                answered_by_report=report,
                answer="Named in a report.",
                answered_on=dt.date(2026, 1, 1),
                status="answered",
            )

    pages = PolicyTrackerPage.objects.get()
    urls = [
        "/api/v1/questions/?page_size=100",
        "/feeds/questions/rss/",
        f"{pages.url}questions/",
    ]
    grow(1)
    small = {url: _count(client, url) for url in urls}
    grow(49)  # two questions an event pair: 100 questions
    assert OpenQuestion.objects.count() == 100
    large = {url: _count(client, url) for url in urls}
    assert large == small, (small, large)


def test_an_unknown_material_matches_nothing(client, demo):
    """The API's one rule: a well-formed slug that names nothing is an empty list."""
    response = client.get("/api/v1/questions/", {"material": "unobtainium"}, **HOST)
    assert response.status_code == 200
    assert response.json()["results"] == []
