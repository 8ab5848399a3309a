"""The export regime for a material on a date, computed from the live event chain.

Pure code: it takes plain event records and knows nothing of the database, so the
material page, the API and the property tests compute the regime the same way.

The rules, in the order an analyst would apply them:

- an event counts from its effective date (its announcement date when none is given);
- imposing or expanding controls puts the event's instrument in force for the event's
  materials, licensed case by case;
- a suspension suspends the instrument (every instrument in force for those materials
  when it names none) and, when it has an end date, lapses by itself after that day;
- lifting controls lifts the instrument (or every one in force, when it names none);
- a general licence opens a general-licence route for some exporters while controls
  stay in force;
- other events (single licences, denials, quotas, guidance) leave the regime as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

IMPOSING = {"control_imposed", "control_expanded"}
SUSPENDING = "control_suspended"
LIFTING = "control_lifted"
GENERAL_LICENCE = "general_licence_granted"


class Route(StrEnum):
    """How an exporter of the material may ship it, in one word."""

    UNCONTROLLED = "uncontrolled"
    CASE_BY_CASE = "case_by_case"
    GENERAL_LICENCE = "general_licence"
    SUSPENDED = "suspended"
    LIFTED = "lifted"


ROUTE_LABELS = {
    Route.UNCONTROLLED: "Not controlled",
    Route.CASE_BY_CASE: "Controlled: every export licensed case by case",
    Route.GENERAL_LICENCE: "Controlled: general licences for some exporters, "
    "case by case for the rest",
    Route.SUSPENDED: "Controls suspended",
    Route.LIFTED: "Controls lifted",
}


class InstrumentStatus(StrEnum):
    """Where an instrument stands for the material on the date."""

    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    LIFTED = "lifted"


STATUS_LABELS = {
    InstrumentStatus.IN_FORCE: "In force",
    InstrumentStatus.SUSPENDED: "Suspended",
    InstrumentStatus.LIFTED: "Lifted",
}


@dataclass(frozen=True)
class RegimeEvent:
    """The part of a licence event the regime needs."""

    id: int
    event_type: str
    announced_on: dt.date
    materials: frozenset[str]
    effective_on: dt.date | None = None
    ends_on: dt.date | None = None
    instrument: str | None = None  # the instrument's slug

    @property
    def starts_on(self) -> dt.date:
        """The day the event takes effect."""
        return self.effective_on or self.announced_on


@dataclass(frozen=True)
class InstrumentState:
    """One instrument's standing for a material, and the event that set it."""

    key: str  # the instrument's slug, or "event-<id>" for an event without one
    status: InstrumentStatus
    since: dt.date
    event_id: int
    until: dt.date | None = None  # the last day of a time-limited suspension
    in_force_event_id: int | None = None  # the event that put it in force

    @property
    def status_label(self) -> str:
        """The status for readers, e.g. 'Suspended'."""
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Regime:
    """The regime for one material on one date; every part names its event."""

    material: str
    on: dt.date
    route: Route
    route_since: dt.date | None = None
    route_event_id: int | None = None
    instruments: tuple[InstrumentState, ...] = ()

    @property
    def controlled(self) -> bool:
        """True when exports of the material need a licence on the date."""
        return self.route in (Route.CASE_BY_CASE, Route.GENERAL_LICENCE)

    @property
    def route_label(self) -> str:
        """The route in words a reader understands."""
        return ROUTE_LABELS[self.route]

    @property
    def event_ids(self) -> set[int]:
        """Every event this regime cites."""
        ids = {i.event_id for i in self.instruments}
        ids |= {i.in_force_event_id for i in self.instruments if i.in_force_event_id}
        if self.route_event_id:
            ids.add(self.route_event_id)
        return ids

    def same_state(self, other: Regime) -> bool:
        """True when nothing a reader would notice differs (dates aside)."""
        return (
            self.route == other.route
            and self.route_event_id == other.route_event_id
            and _standing(self) == _standing(other)
        )


def _standing(regime: Regime) -> list[tuple]:
    return [(i.key, i.status, i.event_id, i.until) for i in regime.instruments]


@dataclass
class _Working:
    instruments: dict[str, InstrumentState] = field(default_factory=dict)
    general_licence: RegimeEvent | None = None


def _chain_order(event: RegimeEvent) -> tuple:
    return (event.starts_on, event.announced_on, event.id)


def _lapse(state: _Working, on: dt.date) -> None:
    """Suspensions whose last day has passed lapse: the instrument is in force again."""
    for key, inst in list(state.instruments.items()):
        if inst.status == InstrumentStatus.SUSPENDED and inst.until and inst.until < on:
            state.instruments[key] = replace(
                inst,
                status=InstrumentStatus.IN_FORCE,
                since=inst.until + dt.timedelta(days=1),
                until=None,
                # The lapse is cited to the suspension that set its end date.
            )


def _apply(state: _Working, event: RegimeEvent) -> None:
    day = event.starts_on
    in_force = [
        k for k, i in state.instruments.items() if i.status == InstrumentStatus.IN_FORCE
    ]
    if event.event_type in IMPOSING:
        key = event.instrument or f"event-{event.id}"
        current = state.instruments.get(key)
        if current is None or current.status != InstrumentStatus.IN_FORCE:
            state.instruments[key] = InstrumentState(
                key=key,
                status=InstrumentStatus.IN_FORCE,
                since=day,
                event_id=event.id,
                in_force_event_id=event.id,
            )
    elif event.event_type in (SUSPENDING, LIFTING):
        status = (
            InstrumentStatus.SUSPENDED
            if event.event_type == SUSPENDING
            else InstrumentStatus.LIFTED
        )
        keys = [event.instrument] if event.instrument else in_force
        for key in keys:
            current = state.instruments.get(key)
            state.instruments[key] = InstrumentState(
                key=key,
                status=status,
                since=day,
                event_id=event.id,
                until=event.ends_on if status == InstrumentStatus.SUSPENDED else None,
                in_force_event_id=current.in_force_event_id if current else None,
            )
    elif event.event_type == GENERAL_LICENCE:
        state.general_licence = event


def _route(state: _Working) -> tuple[Route, dt.date | None, int | None]:
    """The route, the day it took that shape and the event that gave it."""
    by_status: dict[InstrumentStatus, list[InstrumentState]] = {}
    for inst in state.instruments.values():
        by_status.setdefault(inst.status, []).append(inst)
    in_force = by_status.get(InstrumentStatus.IN_FORCE)
    if in_force:
        gl = state.general_licence
        if gl is not None:
            return Route.GENERAL_LICENCE, gl.starts_on, gl.id
        first = min(in_force, key=lambda i: (i.since, i.event_id))
        return Route.CASE_BY_CASE, first.since, first.event_id
    for status, route in (
        (InstrumentStatus.SUSPENDED, Route.SUSPENDED),
        (InstrumentStatus.LIFTED, Route.LIFTED),
    ):
        found = by_status.get(status)
        if found:
            last = max(found, key=lambda i: (i.since, i.event_id))
            return route, last.since, last.event_id
    return Route.UNCONTROLLED, None, None


def regime_on(*, material: str, on: dt.date, events: Iterable[RegimeEvent]) -> Regime:
    """The regime for `material` on the day `on`, from every event in the chain."""
    state = _Working()
    for event in sorted(events, key=_chain_order):
        if material not in event.materials or event.starts_on > on:
            continue
        _lapse(state, event.starts_on)
        _apply(state, event)
        if not any(
            i.status == InstrumentStatus.IN_FORCE for i in state.instruments.values()
        ):
            # With no control left there is no licence route to keep.
            state.general_licence = None
    _lapse(state, on)
    route, since, event_id = _route(state)
    instruments = tuple(
        sorted(state.instruments.values(), key=lambda i: (i.since, i.key))
    )
    return Regime(
        material=material,
        on=on,
        route=route,
        route_since=since,
        route_event_id=event_id,
        instruments=instruments,
    )


@dataclass(frozen=True)
class Period:
    """A stretch of days over which the regime stayed the same."""

    starts_on: dt.date | None  # None: since before the record begins
    ends_on: dt.date | None  # None: still so
    regime: Regime
    event_id: int | None = None  # the event that began it (a lapse: the suspension)


def _opening_event(events: Sequence[RegimeEvent], day: dt.date) -> int | None:
    """The last event in chain order that takes effect on `day`, or else the
    suspension that lapses the day before."""
    starting = [e for e in events if e.starts_on == day]
    if starting:
        return max(starting, key=_chain_order).id
    lapsing = [
        e for e in events if e.ends_on and e.ends_on + dt.timedelta(days=1) == day
    ]
    return max(lapsing, key=_chain_order).id if lapsing else None


def regime_periods(
    *, material: str, events: Sequence[RegimeEvent], until: dt.date | None = None
) -> list[Period]:
    """The regime's history for `material`, oldest first: one period per state.

    The state can only change on an event's first day or the day after a
    suspension ends, so those are the only days examined.
    """
    mine = [e for e in events if material in e.materials]
    days = sorted(
        {e.starts_on for e in mine}
        | {e.ends_on + dt.timedelta(days=1) for e in mine if e.ends_on}
    )
    if until is not None:
        days = [d for d in days if d <= until]
    if not days:
        return []
    periods: list[Period] = []
    first = days[0] - dt.timedelta(days=1)
    before = regime_on(material=material, on=first, events=mine)
    periods.append(Period(starts_on=None, ends_on=None, regime=before))
    for day in days:
        regime = regime_on(material=material, on=day, events=mine)
        if regime.same_state(periods[-1].regime):
            continue
        last = periods[-1]
        periods[-1] = replace(last, ends_on=day - dt.timedelta(days=1))
        periods.append(
            Period(
                starts_on=day,
                ends_on=None,
                regime=regime,
                event_id=_opening_event(mine, day),
            )
        )
    return periods
