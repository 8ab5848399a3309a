"""The inbox marks reports that may answer an open question and lists them first."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from policy.selectors.question_hints import (
    open_question_topics,
    question_hints_in_text,
    report_with_question_hints,
)
from tests.factories.api import (
    LicenceEventPageFactory,
    MaterialFactory,
    ReportFactory,
    fact,
    publish,
)

pytestmark = pytest.mark.django_db

NEUTRAL = "Markets were calm this week; nothing to report on licensing."


@pytest.fixture
def open_destinations(tracker):
    """A live event on dysprosium whose destinations are undisclosed."""
    dysprosium = MaterialFactory(name="Dysprosium", slug="dysprosium")
    return publish(
        LicenceEventPageFactory(
            parent=tracker,
            materials=[dysprosium],
            facts=[
                fact("procedure", "changed", "General licences."),
                fact("destinations", "undisclosed", "Not said."),
            ],
        )
    )


def _report(title, text, days_ago):
    return ReportFactory(
        title=title,
        summary="",
        text=text,
        first_seen_at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC) - dt.timedelta(days_ago),
    )


def test_a_report_naming_the_material_and_dimension_comes_first(
    client, django_user_model, open_destinations
):
    older = _report(
        "Where the dysprosium goes",
        "Traders say DYSPROSIUM shipments under the new licences have destinations "
        "in Japan and Korea.",
        days_ago=5,
    )
    newer = _report("Market wrap", NEUTRAL, days_ago=0)
    material_only = _report("Dysprosium prices", "Dysprosium prices rose.", days_ago=1)
    user = django_user_model.objects.create_user("eddie", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    html = client.get(reverse("wagtailsnippets_policy_report:list")).content.decode()
    assert html.index(older.title) < html.index(newer.title)
    assert html.index(older.title) < html.index(material_only.title)
    row = html[html.index(older.title) :].split("</tr>", 1)[0]
    assert "may answer an open question" in row
    other = html[html.index(newer.title) :].split("</tr>", 1)[0]
    assert "may answer an open question" not in other


def test_no_hint_once_the_question_is_answered(tracker, open_destinations):
    report = _report("Destinations", "Dysprosium destinations named.", days_ago=1)
    assert report_with_question_hints(type(report).objects.all()).get().may_answer
    publish(
        LicenceEventPageFactory(
            parent=tracker,
            previous_event=open_destinations,
            announced_on=open_destinations.announced_on + dt.timedelta(days=3),
            materials=list(open_destinations.materials.all()),
            facts=[fact("destinations", "changed", "Japan and Korea.")],
        )
    )
    assert open_question_topics() == {}
    assert not report_with_question_hints(type(report).objects.all()).get().may_answer


def test_hints_in_text_name_the_material_and_dimension():
    topics = {"Dysprosium": {"destinations", "volumes"}, "Terbium": {"exporters"}}
    text = "Dysprosium volumes rose; terbium prices fell."
    assert question_hints_in_text(text, topics) == [("Dysprosium", "volumes")]
    assert question_hints_in_text(NEUTRAL, topics) == []
