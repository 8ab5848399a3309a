"""Lay licence events out on a date axis, one lane per regulator, for an SVG chart.

Pure code: it takes plain points and returns coordinates as dataclasses; a template
draws them. No JavaScript, no database, so the layout is tested on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# Month steps for axis ticks, smallest first; the first that keeps ticks few wins.
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


@dataclass(frozen=True)
class TimelinePoint:
    """One event to place: when, in which lane, and where its mark links to."""

    date: dt.date
    lane: str
    lane_label: str
    title: str
    url: str
    kind: str = ""
    kind_label: str = ""

    @property
    def date_label(self) -> str:
        """The date as readers see it, e.g. '4 April 2025'."""
        return f"{self.date.day} {self.date:%B %Y}"


@dataclass(frozen=True)
class Lane:
    """A horizontal band for one regulator."""

    key: str
    label: str
    top: float
    height: float

    @property
    def middle(self) -> float:
        """Where the lane's marks and label sit vertically."""
        return round(self.top + self.height / 2, 1)


@dataclass(frozen=True)
class Mark:
    """A dot for one event."""

    x: float
    y: float
    point: TimelinePoint

    @property
    def tooltip(self) -> str:
        """What a pointer hover shows, e.g. '4 April 2025 — MOFCOM: Control imposed'."""
        kind = f" ({self.point.kind_label})" if self.point.kind_label else ""
        return (
            f"{self.point.date_label} — {self.point.lane_label}: "
            f"{self.point.title}{kind}"
        )


@dataclass(frozen=True)
class Tick:
    """A labelled date on the axis."""

    x: float
    label: str


@dataclass(frozen=True)
class TimelineChart:
    """Everything the SVG template needs, in user units of its viewBox."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    radius: int
    start: dt.date
    end: dt.date
    lanes: tuple[Lane, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]

    @property
    def view_box(self) -> str:
        """The SVG viewBox attribute."""
        return f"0 0 {self.width} {self.height}"

    @property
    def tick_bottom(self) -> float:
        """Where tick marks end, just below the axis."""
        return self.axis_y + 5

    @property
    def tick_label_y(self) -> float:
        """The baseline of the date labels under the axis."""
        return self.axis_y + 20


def _month_starts(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    year, month = start.year, start.month
    # Snap to a multiple of the step so ticks land on Jan/Apr/Jul/Oct, years, etc.
    index = year * 12 + month - 1
    index += (-index) % step
    out = []
    while True:
        d = dt.date(index // 12, index % 12 + 1, 1)
        if d > end:
            return out
        if d >= start:
            out.append(d)
        index += step


def _ticks(start: dt.date, end: dt.date, max_ticks: int) -> tuple[int, list[dt.date]]:
    for step in TICK_STEPS:
        dates = _month_starts(start, end, step)
        if len(dates) <= max_ticks:
            return step, dates
    return TICK_STEPS[-1], _month_starts(start, end, TICK_STEPS[-1])


def timeline_layout(
    points: Sequence[TimelinePoint],
    *,
    width: int = 760,
    lane_height: int = 44,
    label_width: int = 120,
    axis_height: int = 30,
    radius: int = 7,
    max_ticks: int = 7,
) -> TimelineChart | None:
    """Place `points` on a shared date axis; None when there is nothing to draw."""
    if not points:
        return None
    first = min(p.date for p in points)
    last = max(p.date for p in points)
    # Pad the range so the first and last marks are not cut off at the edges; a single
    # day gets a month either side so it sits in the middle.
    pad = max(dt.timedelta(days=15), (last - first) * 0.04)
    start, end = first - pad, last + pad
    plot_left, plot_right = label_width, width - radius * 2
    span = (end - start).days

    def x_of(day: dt.date) -> float:
        return round(
            plot_left + (day - start).days / span * (plot_right - plot_left), 1
        )

    lane_labels: dict[str, str] = {}
    for p in points:
        lane_labels.setdefault(p.lane, p.lane_label)
    keys = sorted(lane_labels, key=lambda k: (lane_labels[k].casefold(), k))
    lanes = tuple(
        Lane(key=k, label=lane_labels[k], top=i * lane_height, height=lane_height)
        for i, k in enumerate(keys)
    )
    lane_by_key = {lane.key: lane for lane in lanes}

    # Marks closer than a diameter in one lane are stacked above and below its line.
    offsets = [0, -1, 1, -2, 2]
    step_y = (lane_height / 2 - radius) / 2
    marks = []
    placed: dict[tuple[str, int], float] = {}
    for p in sorted(points, key=lambda p: (p.date, p.title)):
        x = x_of(p.date)
        lane = lane_by_key[p.lane]
        level = 0
        for candidate in offsets:
            level = candidate
            last_x = placed.get((p.lane, candidate))
            if last_x is None or x - last_x >= radius * 2 + 1:
                break
        placed[(p.lane, level)] = x
        marks.append(Mark(x=x, y=round(lane.middle + level * step_y, 1), point=p))

    axis_y = len(lanes) * lane_height
    step, tick_dates = _ticks(start, end, max_ticks)
    label_format = "%Y" if step >= 12 else "%b %Y"
    ticks = tuple(Tick(x=x_of(d), label=d.strftime(label_format)) for d in tick_dates)
    return TimelineChart(
        width=width,
        height=int(axis_y + axis_height),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=axis_y,
        radius=radius,
        start=start,
        end=end,
        lanes=lanes,
        marks=tuple(marks),
        ticks=ticks,
    )
