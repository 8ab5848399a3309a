"""policy.timeline places events on a date axis, one lane per regulator, without a
database; the SVG template only draws what it computes."""

import datetime as dt

from policy.timeline import TimelinePoint, timeline_layout


def _point(day, lane="mofcom", label="MOFCOM", title="Event", **kw):
    return TimelinePoint(
        date=day, lane=lane, lane_label=label, title=title, url=f"/{title}/", **kw
    )


def test_nothing_to_draw_gives_no_chart():
    assert timeline_layout([]) is None


def test_later_events_sit_further_right_inside_the_plot():
    april, october, december = (
        dt.date(2025, 4, 4),
        dt.date(2025, 10, 9),
        dt.date(2025, 12, 4),
    )
    chart = timeline_layout(
        [
            _point(december, title="c"),
            _point(april, title="a"),
            _point(october, title="b"),
        ]
    )
    xs = {m.point.title: m.x for m in chart.marks}
    assert chart.plot_left < xs["a"] < xs["b"] < xs["c"] < chart.plot_right
    # Positions are proportional to time: April→October is longer than October→December.
    assert xs["b"] - xs["a"] > 2 * (xs["c"] - xs["b"])


def test_each_regulator_gets_its_own_lane_in_alphabetical_order():
    day = dt.date(2025, 4, 4)
    chart = timeline_layout(
        [
            _point(day, lane="mofcom", label="MOFCOM", title="a"),
            _point(day, lane="bis", label="BIS", title="b"),
            _point(day + dt.timedelta(days=40), lane="mofcom", label="MOFCOM"),
        ]
    )
    assert [lane.label for lane in chart.lanes] == ["BIS", "MOFCOM"]
    bis, mofcom = chart.lanes
    by_title = {m.point.title: m for m in chart.marks}
    assert by_title["b"].y == bis.middle
    assert by_title["a"].y == mofcom.middle
    assert chart.axis_y == mofcom.top + mofcom.height
    assert chart.height > chart.axis_y


def test_events_on_the_same_day_in_one_lane_do_not_overlap():
    day = dt.date(2025, 11, 7)
    chart = timeline_layout([_point(day, title=str(i)) for i in range(3)])
    positions = {(m.x, m.y) for m in chart.marks}
    assert len(positions) == 3
    lane = chart.lanes[0]
    for mark in chart.marks:
        assert (
            lane.top + chart.radius <= mark.y <= lane.top + lane.height - chart.radius
        )


def test_a_single_event_is_centred_with_a_month_either_side():
    chart = timeline_layout([_point(dt.date(2025, 12, 4))])
    [mark] = chart.marks
    assert abs(mark.x - (chart.plot_left + chart.plot_right) / 2) < 1
    assert chart.start < dt.date(2025, 12, 4) < chart.end


def test_ticks_are_months_for_a_year_and_years_for_a_decade():
    year = timeline_layout(
        [_point(dt.date(2025, 4, 4)), _point(dt.date(2025, 12, 4), title="b")]
    )
    # Eight months of events: every other month, on odd months from January.
    assert [t.label for t in year.ticks] == [
        "May 2025",
        "Jul 2025",
        "Sep 2025",
        "Nov 2025",
    ]
    decade = timeline_layout(
        [_point(dt.date(2015, 6, 1)), _point(dt.date(2025, 6, 1), title="b")]
    )
    assert all(t.label.isdigit() for t in decade.ticks)
    assert 2 <= len(decade.ticks) <= 7
    xs = [t.x for t in decade.ticks]
    assert xs == sorted(xs)
    assert all(decade.plot_left <= x <= decade.plot_right for x in xs)


def test_a_mark_explains_itself_on_hover():
    chart = timeline_layout(
        [_point(dt.date(2025, 4, 4), title="Controls imposed", kind_label="Tightening")]
    )
    assert chart.marks[0].tooltip == (
        "4 April 2025 — MOFCOM: Controls imposed (Tightening)"
    )
    assert chart.view_box == f"0 0 {chart.width} {chart.height}"
