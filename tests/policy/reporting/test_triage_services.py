"""Triage services: annotate a report, mark reports, and draft an event from one."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from policy.models import LicenceEventPage, Regulator
from policy.reporting.models import Annotation, Report
from policy.reporting.services import (
    annotation_create,
    annotation_update,
    licence_event_draft_from_report,
    report_set_status,
)
from tests.factories.ingestion import AnnotationFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_an_annotation_quoting_the_report_is_saved_and_marks_it_annotated(
    admin_user,
):
    report = ReportFactory()

    annotation = annotation_create(
        report=report,
        author=admin_user,
        kind=Annotation.Kind.QUOTE,
        quote="  Volumes and destinations\n were not disclosed. ",
        note="The key omission.",
        verdict=Annotation.Verdict.MISSING_CONTEXT,
    )

    assert annotation.pk
    assert annotation.author == admin_user
    report.refresh_from_db()
    assert report.status == Report.Status.ANNOTATED


def test_a_quote_that_is_not_in_the_report_is_refused_next_to_the_field(admin_user):
    report = ReportFactory()
    with pytest.raises(ValidationError) as caught:
        annotation_create(
            report=report,
            author=admin_user,
            kind=Annotation.Kind.QUOTE,
            quote="All licences were refused.",
        )
    assert caught.value.message_dict["quote"] == [
        "These words do not appear in the report's text."
    ]
    assert not Annotation.objects.exists()
    report.refresh_from_db()
    assert report.status == Report.Status.NEW


def test_a_quote_annotation_needs_the_quoted_words(admin_user):
    with pytest.raises(ValidationError) as caught:
        annotation_create(
            report=ReportFactory(), author=admin_user, kind=Annotation.Kind.QUOTE
        )
    assert "quote" in caught.value.message_dict


def test_a_note_without_a_quote_is_fine_for_other_kinds(admin_user):
    annotation = annotation_create(
        report=ReportFactory(),
        author=admin_user,
        kind=Annotation.Kind.GETS_RIGHT,
        note="Names the right ministry.",
    )
    assert annotation.quote == ""


def test_editing_an_annotation_checks_the_quote_again():
    annotation = AnnotationFactory()
    with pytest.raises(ValidationError):
        annotation_update(
            annotation=annotation,
            kind=annotation.kind,
            quote="Words the report never used.",
        )
    updated = annotation_update(
        annotation=annotation,
        kind=Annotation.Kind.GETS_RIGHT,
        quote="Some magnet makers received dysprosium licences",
        verdict=Annotation.Verdict.ACCURATE,
    )
    updated.refresh_from_db()
    assert updated.verdict == Annotation.Verdict.ACCURATE


def test_reports_are_marked_in_bulk_and_the_count_is_what_changed():
    reports = ReportFactory.create_batch(3)
    ReportFactory(status=Report.Status.IRRELEVANT)
    report_set_status(reports=reports[:1], status=Report.Status.RELEVANT)

    changed = report_set_status(reports=reports, status=Report.Status.RELEVANT)

    assert changed == 2
    assert Report.objects.filter(status=Report.Status.RELEVANT).count() == 3
    assert Report.objects.filter(status=Report.Status.IRRELEVANT).count() == 1


def test_an_unknown_status_is_refused():
    with pytest.raises(ValidationError):
        report_set_status(reports=ReportFactory.create_batch(1), status="archived")


@pytest.fixture
def tracker(home_page):
    from policy.models import PolicyTrackerPage

    tracker = PolicyTrackerPage(title="Policy tracker", slug="tracker")
    home_page.add_child(instance=tracker)
    return tracker


@pytest.fixture
def mofcom(db):
    return Regulator.objects.create(
        name="Ministry of Commerce of the People's Republic of China",
        short_name="MOFCOM",
        slug="mofcom",
        jurisdiction="CN",
    )


def test_an_event_draft_from_a_report_prefills_title_date_and_citation(
    tracker, mofcom, admin_user
):
    report = ReportFactory(
        title="MOFCOM grants general licences to some exporters",
        summary="Some exporters with clean records got general licences.",
        published_at=datetime(2025, 12, 3, 23, 30, tzinfo=UTC),
    )

    page = licence_event_draft_from_report(
        report=report, regulator=mofcom, user=admin_user, tracker=tracker
    )

    page = LicenceEventPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.get_parent().specific == tracker
    assert page.title == report.title
    assert page.announced_on == date(2025, 12, 3)
    assert page.summary == report.summary
    assert page.regulator == mofcom
    assert page.confidence == LicenceEventPage.Confidence.REPORTED
    assert page.owner == admin_user
    [fact] = page.facts
    [citation] = fact.value["citations"]
    assert citation["report"] == report
    assert citation.link(event_visible=True).outlet == report.source.name
    assert page.get_latest_revision() is not None


def test_an_event_draft_without_a_tracker_is_refused_with_a_reason(
    db, mofcom, admin_user
):
    with pytest.raises(ValidationError, match="policy tracker"):
        licence_event_draft_from_report(
            report=ReportFactory(), regulator=mofcom, user=admin_user
        )
