"""Reads of the policy record. Only live, public events leave the building: this is the
one place that filter is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .diff import Transition, facts_diff, facts_from_stream
from .models import Annotation, LicenceEventPage, Material, Report, Source


def licence_event_public_queryset():
    """Live, public licence events with what listings need joined or prefetched."""
    return (
        LicenceEventPage.objects.live()
        .public()
        .select_related("regulator", "instrument", "previous_event")
        .prefetch_related(
            Prefetch("materials", queryset=Material.objects.order_by("name"))
        )
        .order_by("-announced_on", "-pk")
    )


def licence_event_diff(*, event: LicenceEventPage) -> list[Transition]:
    """What changed since the previous event on the same instrument (all new if none).

    A previous event that is not live is treated as absent: readers never see drafts,
    not even through a diff.
    """
    previous = event.previous_event
    if previous is not None and not previous.live:
        previous = None
    return facts_diff(
        facts_from_stream(event.facts),
        facts_from_stream(previous.facts) if previous is not None else None,
    )


# --- The editors' inbox --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """How a source is doing, as the sources list and dashboard show it."""

    state: str  # "ok", "failing", "never", "paused"
    label: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class InboxSummary:
    """What the dashboard panel shows: new reports and the sources that fail."""

    new_reports: int
    failing_count: int
    failing: list[Source]


def report_inbox_queryset():
    """Reports for the inbox with their source joined and their annotations counted."""
    # A subquery rather than Count(): no GROUP BY, so search and filters compose.
    annotations = (
        Annotation.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Report.objects.select_related("source").annotate(
        annotation_count=Coalesce(Subquery(annotations), 0)
    )


def source_health(*, source: Source, now: datetime | None = None) -> SourceHealth:
    """Say whether a source is fine, failing (and why), or waiting to retry."""
    now = now or timezone.now()
    if not source.active:
        return SourceHealth("paused", "Paused", "Not polled until made active again.")
    if source.consecutive_failures:
        detail = source.last_error
        if source.next_poll_at > now:
            when = timezone.localtime(source.next_poll_at).strftime("%d %b %Y %H:%M")
            detail = f"{detail} — backing off until {when}"
        return SourceHealth(
            "failing", f"Failing ({source.consecutive_failures} in a row)", detail
        )
    if source.last_success_at is None:
        return SourceHealth("never", "Not fetched yet")
    return SourceHealth("ok", "OK")


def inbox_summary(*, failing_limit: int = 5) -> InboxSummary:
    """New reports waiting for triage and the sources whose last fetch failed."""
    failing = Source.objects.filter(active=True, consecutive_failures__gt=0)
    return InboxSummary(
        new_reports=Report.objects.filter(status=Report.Status.NEW).count(),
        failing_count=failing.count(),
        failing=list(failing.order_by("-consecutive_failures", "name")[:failing_limit]),
    )
