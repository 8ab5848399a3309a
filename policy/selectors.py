"""Reads of the policy record. Only live, public events leave the building: this is the
one place that filter is written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .diff import Transition, facts_diff, facts_from_stream
from .models import LicenceEventPage, Material, Report


def licence_event_visible():
    """Live licence events outside private sections: what readers may see at all."""
    return LicenceEventPage.objects.live().public()


def licence_event_public_queryset():
    """Live, public licence events with what listings need joined or prefetched."""
    return (
        licence_event_visible()
        .select_related("regulator", "instrument", "previous_event")
        .prefetch_related(
            Prefetch("materials", queryset=Material.objects.order_by("name"))
        )
        .order_by("-announced_on", "-pk")
    )


def licence_event_previous_public(
    *, event: LicenceEventPage
) -> LicenceEventPage | None:
    """The event this one follows, if readers may see it (live and not private)."""
    previous = event.previous_event
    if previous is None or not previous.live:
        return None
    return previous if licence_event_visible().filter(pk=previous.pk).exists() else None


def licence_event_diff(*, event: LicenceEventPage) -> list[Transition]:
    """What changed since the previous event on the same instrument (all new if none).

    A previous event that is not live, or sits in a private section, is treated as
    absent: readers never see drafts, not even through a diff.
    """
    previous = licence_event_previous_public(event=event)
    return facts_diff(
        facts_from_stream(event.facts),
        facts_from_stream(previous.facts) if previous is not None else None,
    )


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
