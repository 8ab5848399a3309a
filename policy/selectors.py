"""Reads of the policy record. Only live, public events leave the building: this is the
one place that filter is written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from .diff import Transition, facts_diff, facts_from_stream
from .filters import LicenceEventFilter
from .models import (
    Annotation,
    LicenceEventPage,
    Material,
    PolicyTrackerPage,
    Report,
    Source,
)
from .timeline import TimelineChart, TimelinePoint, timeline_layout

# The chart stays readable (and the page light) however long the record grows.
TIMELINE_MAX_MARKS = 200


def licence_event_visible():
    """Live licence events outside private sections: what readers may see at all."""
    return LicenceEventPage.objects.live().public()


def _visible_events(private: Q | None):
    """Visible events; a caller that has read the private sections once passes them."""
    if private is None:
        return licence_event_visible()
    return LicenceEventPage.objects.live().exclude(private)


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


def licence_event_public_previous(
    *, event: LicenceEventPage, private: Q | None = None
) -> LicenceEventPage | None:
    """The previous event if readers may see it; a draft or private one is absent."""
    if event.previous_event_id is None:
        return None
    events = _visible_events(private)
    return events.filter(pk=event.previous_event_id).first()


_LOOK_UP = object()


def licence_event_diff(
    *, event: LicenceEventPage, previous=_LOOK_UP
) -> list[Transition]:
    """What changed since the previous event on the same instrument (all new if none).

    A previous event that is not live is treated as absent: readers never see drafts,
    not even through a diff. Callers that already hold the public previous event (or
    know there is none) pass it as `previous` to save the look-up.
    """
    if previous is _LOOK_UP:
        previous = licence_event_public_previous(event=event)
    return facts_diff(
        facts_from_stream(event.facts),
        facts_from_stream(previous.facts) if previous else None,
    )


def licence_event_articles(
    *, event: LicenceEventPage, private: Q | None = None
) -> list:
    """Live, public articles that list this event as related, embed it or cite it.

    The article model is reached through the `articles` relation, so the policy app
    never imports it. Embeds and citations are found through Wagtail's reference
    index, which records every page chosen in a StreamField.
    """
    article_model = event.articles.model
    references = ReferenceIndex.get_references_to(event).filter(
        content_type=ContentType.objects.get_for_model(article_model)
    )
    ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    articles = article_model.objects.live()
    articles = articles.public() if private is None else articles.exclude(private)
    return list(
        articles.filter(Q(related_events=event) | Q(pk__in=ids))
        .distinct()
        .order_by("-publication_date", "-pk")
    )


def licence_event_next(
    *, event: LicenceEventPage, private: Q | None = None
) -> list[LicenceEventPage]:
    """Live, public events recorded as following this one."""
    events = _visible_events(private)
    return list(events.filter(previous_event=event).order_by("announced_on", "pk"))


@dataclass(frozen=True)
class EventEmbed:
    """An event as an article embeds it: the event, its public previous event and
    the transitions between them."""

    event: LicenceEventPage
    previous: LicenceEventPage | None
    transitions: list[Transition]


def licence_event_embeds(*, ids, private: Q | None = None) -> dict[int, EventEmbed]:
    """Live, public events by id, ready to embed; a fixed number of queries for any
    number of ids. Drafts and private events are simply missing from the result."""
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return {}
    if private is None:
        private = Page.objects.all().private_q()
    events = list(
        LicenceEventPage.objects.live()
        .exclude(private)
        .filter(pk__in=ids)
        .select_related("previous_event", "regulator")
    )
    previous_ids = {
        e.previous_event_id
        for e in events
        if e.previous_event and e.previous_event.live
    }
    public_previous = (
        set(
            LicenceEventPage.objects.exclude(private)
            .filter(pk__in=previous_ids)
            .values_list("pk", flat=True)
        )
        if previous_ids
        else set()
    )
    out = {}
    for event in events:
        previous = (
            event.previous_event if event.previous_event_id in public_previous else None
        )
        out[event.pk] = EventEmbed(
            event=event,
            previous=previous,
            transitions=licence_event_diff(event=event, previous=previous),
        )
    return out


def licence_event_article_context(*, article, embed_ids) -> dict:
    """The events an article shows: its related events (live, public, newest first)
    and the events its body embeds, keyed by id."""
    # Private sections are read once and shared by both look-ups.
    private = Page.objects.all().private_q()
    # A new article previewed before its first save has no row to join on yet.
    related = (
        list(
            LicenceEventPage.objects.live()
            .exclude(private)
            .filter(articles=article)
            .select_related("regulator")
            .order_by("-announced_on", "-pk")
        )
        if article.pk is not None
        else []
    )
    return {
        "related_events": related,
        "event_embeds": licence_event_embeds(ids=embed_ids, private=private),
    }


def licence_event_page_context(*, event: LicenceEventPage) -> dict:
    """What the event page shows beyond the event itself."""
    # Private sections are read once and shared by every look-up below.
    private = Page.objects.all().private_q()
    previous = licence_event_public_previous(event=event, private=private)
    # An event previewed before its first save has no id yet: nothing links to it.
    saved = event.pk is not None
    return {
        "tracker": PolicyTrackerPage.objects.ancestor_of(event).first(),
        "previous": previous,
        "transitions": licence_event_diff(event=event, previous=previous),
        "discussed_in": (
            licence_event_articles(event=event, private=private) if saved else []
        ),
        "next_events": licence_event_next(event=event, private=private)
        if saved
        else [],
    }


@dataclass(frozen=True)
class Timeline:
    """One page of the filtered timeline, its filter form and its chart."""

    filterset: LicenceEventFilter
    page: PaginatorPage
    chart: TimelineChart | None
    points: list[TimelinePoint]
    total: int
    query: str

    @property
    def form(self):
        """The filter form, bound to the reader's query string."""
        return self.filterset.form

    @property
    def invalid(self) -> bool:
        """True when some filter value was refused."""
        return bool(self.filterset.form.errors)

    @property
    def assessments(self) -> list[tuple[str, str]]:
        """The assessment values and labels, for the chart's colour legend."""
        return LicenceEventPage.Assessment.choices

    @property
    def chart_truncated(self) -> bool:
        """True when more events matched than the chart draws."""
        return self.total > len(self.points)


def licence_event_timeline(
    *,
    tracker: PolicyTrackerPage,
    data: Mapping,
    page_number=None,
    per_page: int = 20,
    fixed: str | None = None,
    base_filters: Mapping | None = None,
    tracker_url: str = "",
) -> Timeline:
    """Live events under `tracker`, filtered by the reader's query string, newest
    first, paginated, with a chart of the newest matches."""
    base = licence_event_public_queryset().child_of(tracker)
    if base_filters:
        base = base.filter(**base_filters)
    filterset = LicenceEventFilter(data, queryset=base, fixed=fixed)
    events: QuerySet = filterset.events()
    filterset.describe_errors()
    page = Paginator(events, per_page).get_page(page_number)
    rows = events.prefetch_related(None).values(
        "title",
        "slug",
        "announced_on",
        "assessment",
        "regulator__slug",
        "regulator__short_name",
    )[:TIMELINE_MAX_MARKS]
    assessments = dict(LicenceEventPage.Assessment.choices)
    points = [
        TimelinePoint(
            date=row["announced_on"],
            lane=row["regulator__slug"],
            lane_label=row["regulator__short_name"],
            title=row["title"],
            url=f"{tracker_url}{row['slug']}/",
            kind=row["assessment"],
            kind_label=assessments.get(row["assessment"], ""),
        )
        for row in rows
    ]
    kept = {
        k: v
        for k, v in data.items()
        if k in filterset.filters and v and not filterset.form.errors.get(k)
    }
    return Timeline(
        filterset=filterset,
        page=page,
        chart=timeline_layout(points),
        points=points,
        total=page.paginator.count,
        query=urlencode(kept),
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
