"""Reads for the editors' inbox: reports with their annotation counts, how each
source is doing, and what the dashboard panel shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Annotation, Report, Source


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
