"""The timeline presenter behind the policy tracker and its subject pages: one page
of filtered events, the filter form and the chart of the newest matches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet

from policy.filters import LicenceEventFilter
from policy.models import LicenceEventPage, Material, OpenQuestion, PolicyTrackerPage
from policy.questions import QuestionStatus
from policy.timeline import TimelineChart, TimelinePoint, timeline_layout

from .events import licence_event_public_queryset
from .questions import open_question_public_queryset
from .visibility import hidden_sections, pages_visible

# The chart stays readable (and the page light) however long the record grows.
TIMELINE_MAX_MARKS = 200


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


@dataclass(frozen=True)
class TimelineScope:
    """A subject page's fixed narrowing: which filter it fixes, and the filter."""

    fixed: str | None = None
    filters: Mapping = field(default_factory=dict)


def licence_event_timeline(
    *,
    tracker: PolicyTrackerPage,
    query: Mapping,
    tracker_url: str = "",
    scope: TimelineScope | None = None,
    per_page: int = 20,
) -> Timeline:
    """Live events under `tracker`, filtered by the reader's query string (its `page`
    picks the page), newest first, paginated, with a chart of the newest matches."""
    scope = scope or TimelineScope()
    data, fixed, base_filters = query, scope.fixed, scope.filters
    page_number = query.get("page")
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


def policy_tracker_visible(*, request=None) -> PolicyTrackerPage | None:
    """The policy tracker, when readers may see it (there is at most one)."""
    hidden = hidden_sections(request=request)
    return pages_visible(PolicyTrackerPage.objects.all(), hidden=hidden).first()


def material_page_url(
    *, material: Material, tracker: PolicyTrackerPage, request=None
) -> str:
    """The one reader page of a material (its events, regime, open questions and the
    analysis of it), under the tracker: `/policy/materials/<slug>/`."""
    return (tracker.get_url(request) or "") + tracker.reverse_subpage(
        "material_view", kwargs={"slug": material.slug}
    )


def material_open_questions(*, material: Material, request=None) -> list[OpenQuestion]:
    """The open questions of live, public events on a material, oldest first."""
    hidden = hidden_sections(request=request)
    return list(
        open_question_public_queryset(hidden=hidden).filter(
            event__materials=material, status=QuestionStatus.OPEN
        )
    )
