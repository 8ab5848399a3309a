"""Turning a report into the draft of a licence event for an analyst to finish."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from policy.models import LicenceEventPage, PolicyTrackerPage, Regulator
from policy.vocabulary import Dimension, FactState

from ..models import Report
from .fields import fit_length


def licence_event_draft_from_report(
    *,
    report: Report,
    regulator: Regulator,
    user,
    tracker: PolicyTrackerPage | None = None,
) -> LicenceEventPage:
    """Start a draft licence event from a report: title, date and a citation to it."""
    tracker = tracker or PolicyTrackerPage.objects.first()
    if tracker is None:
        raise ValidationError(
            "There is no policy tracker page to hold events yet; create it first."
        )
    announced_on = (
        timezone.localtime(report.published_at).date()
        if report.published_at
        else timezone.localdate()
    )
    statement = fit_length(f"Reported by {report.source.name}: {report.title}", 500)
    page = LicenceEventPage(
        title=fit_length(report.title or "Untitled report", 255),
        live=False,
        owner=user,
        regulator=regulator,
        announced_on=announced_on,
        summary=report.summary or fit_length(report.text, 600),
        confidence=LicenceEventPage.Confidence.REPORTED,
        # The analyst still has to say what kind of event this is and judge it;
        # drafts may leave those empty, publishing may not.
        event_type="",
        assessment="",
        assessment_reason="",
        facts=[
            {
                "type": "fact",
                "id": str(uuid.uuid4()),
                "value": {
                    "dimension": Dimension.OTHER,
                    # Undisclosed until the regulator's own words are checked.
                    "state": FactState.UNDISCLOSED,
                    "statement": statement,
                    "citations": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {
                                "label": "",
                                "url": "",
                                "event": None,
                                "report": report.pk,
                            },
                        }
                    ],
                },
            }
        ],
    )
    with transaction.atomic():
        tracker.add_child(instance=page)
        # Like the admin's own "save draft": required fields wait until publishing.
        page.save_revision(user=user, log_action=True, clean=False)
    return page
