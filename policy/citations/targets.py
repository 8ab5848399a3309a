"""Loading what citations point at: public licence events and outside reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from policy.models import LicenceEventPage
from policy.reporting.models import Report
from policy.selectors.visibility import licence_event_visible


@dataclass(frozen=True)
class CitationTargets:
    """The public events and the reports that a set of citations points at."""

    events: dict[int, LicenceEventPage] = field(default_factory=dict)
    reports: dict[int, Report] = field(default_factory=dict)


def citation_targets(
    *, event_ids: Iterable[int | None], report_ids: Iterable[int | None]
) -> CitationTargets:
    """Load cited events (public ones only) and reports in at most two queries."""
    event_ids = {i for i in event_ids if i}
    report_ids = {i for i in report_ids if i}
    events = (
        {e.pk: e for e in licence_event_visible().filter(pk__in=event_ids)}
        if event_ids
        else {}
    )
    reports = (
        {
            r.pk: r
            for r in Report.objects.select_related("source").filter(pk__in=report_ids)
        }
        if report_ids
        else {}
    )
    return CitationTargets(events=events, reports=reports)
