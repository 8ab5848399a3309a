"""Editors word open questions and mark them answered by reporting in the admin."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from policy.models import OpenQuestion
from tests.factories.api import LicenceEventPageFactory, ReportFactory, fact, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(tracker):
    event = publish(
        LicenceEventPageFactory(
            parent=tracker, facts=[fact("exporters", "undisclosed", "Not named.")]
        )
    )
    return OpenQuestion.objects.get(event=event)


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("eddie", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def _edit(pk):
    return reverse("wagtailsnippets_policy_openquestion:edit", args=[pk])


def test_editor_words_a_question_and_answers_it_from_a_report(editor_client, question):
    report = ReportFactory()
    response = editor_client.post(
        _edit(question.pk),
        {
            "wording": "Who got the licences?",
            "answered_by_report": report.pk,
            "answered_by_annotation": "",
            "answer": "The report names three firms.",
            "answered_on": "2026-01-10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.question == "Who got the licences?"
    assert question.status == "answered"
    assert question.closed_on == dt.date(2026, 1, 10)


def test_an_answer_without_its_source_is_refused_next_to_the_field(
    editor_client, question
):
    response = editor_client.post(
        _edit(question.pk),
        {"wording": "", "answer": "Someone said so.", "answered_on": "2026-01-10"},
    )
    assert response.status_code == 200
    assert (
        "Choose the report or annotation that answers it." in response.content.decode()
    )
    question.refresh_from_db()
    assert question.status == "open"


def test_nobody_adds_questions_by_hand(admin_client, editor_client, question):
    add = reverse("wagtailsnippets_policy_openquestion:add")
    assert editor_client.get(add).status_code in (302, 403)
    assert admin_client.get(add).status_code in (302, 403)
    listing = editor_client.get(reverse("wagtailsnippets_policy_openquestion:list"))
    assert listing.status_code == 200
    assert "Which exporters received general licences?" in listing.content.decode()
