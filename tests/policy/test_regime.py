"""Properties of the pure regime computation over generated event chains."""

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from policy.regime import (
    InstrumentStatus,
    RegimeEvent,
    Route,
    regime_on,
    regime_periods,
)

START = dt.date(2024, 1, 1)
TYPES = [
    "control_imposed",
    "control_expanded",
    "control_suspended",
    "control_lifted",
    "general_licence_granted",
    "case_licence_granted",
    "quota_set",
    "other",
]
MATERIALS = ["dy", "tb", "nd"]


@st.composite
def events(draw):
    announced = START + dt.timedelta(days=draw(st.integers(0, 900)))
    effective = draw(
        st.one_of(
            st.none(),
            st.integers(0, 60).map(lambda d: announced + dt.timedelta(days=d)),
        )
    )
    starts = effective or announced
    return RegimeEvent(
        id=draw(st.integers(min_value=1, max_value=10_000)),
        event_type=draw(st.sampled_from(TYPES)),
        announced_on=announced,
        effective_on=effective,
        ends_on=draw(
            st.one_of(
                st.none(),
                st.integers(0, 400).map(lambda d: starts + dt.timedelta(days=d)),
            )
        ),
        instrument=draw(st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))),
        materials=frozenset(draw(st.sets(st.sampled_from(MATERIALS), min_size=1))),
    )


chains = st.lists(events(), max_size=12, unique_by=lambda e: e.id)
days = st.integers(-30, 1400).map(lambda d: START + dt.timedelta(days=d))


@given(chains, days)
def test_the_order_events_are_given_in_does_not_matter(chain, on):
    shuffled = list(chain)
    random.Random(0).shuffle(shuffled)
    assert regime_on(material="dy", on=on, events=chain) == regime_on(
        material="dy", on=on, events=shuffled
    )


@given(chains, days)
def test_events_that_take_effect_later_change_nothing(chain, on):
    known = [e for e in chain if e.starts_on <= on]
    assert regime_on(material="dy", on=on, events=chain) == regime_on(
        material="dy", on=on, events=known
    )


@given(chains, days)
def test_other_materials_events_change_nothing(chain, on):
    mine = [e for e in chain if "dy" in e.materials]
    assert regime_on(material="dy", on=on, events=chain) == regime_on(
        material="dy", on=on, events=mine
    )


@given(chains, days)
def test_every_part_cites_an_event_of_the_material_in_effect_by_then(chain, on):
    regime = regime_on(material="dy", on=on, events=chain)
    by_id = {e.id: e for e in chain}
    for event_id in regime.event_ids:
        assert "dy" in by_id[event_id].materials
        assert by_id[event_id].starts_on <= on
    assert (regime.route_event_id is None) == (regime.route == Route.UNCONTROLLED)


@given(chains, days)
def test_controlled_exactly_when_some_instrument_is_in_force(chain, on):
    regime = regime_on(material="dy", on=on, events=chain)
    in_force = any(i.status == InstrumentStatus.IN_FORCE for i in regime.instruments)
    assert regime.controlled == in_force
    if regime.route == Route.GENERAL_LICENCE:
        by_id = {e.id: e for e in chain}
        assert by_id[regime.route_event_id].event_type == "general_licence_granted"


@given(chains, days)
def test_no_suspension_outlives_its_end_date(chain, on):
    regime = regime_on(material="dy", on=on, events=chain)
    for inst in regime.instruments:
        if inst.status == InstrumentStatus.SUSPENDED and inst.until:
            assert on <= inst.until


@given(chains)
@settings(max_examples=60)
def test_periods_tile_the_calendar_and_agree_with_every_day(chain):
    periods = regime_periods(material="dy", events=chain)
    if not any("dy" in e.materials for e in chain):
        assert periods == []
        return
    assert periods[0].starts_on is None and periods[-1].ends_on is None
    for a, b in zip(periods, periods[1:], strict=False):
        assert a.ends_on + dt.timedelta(days=1) == b.starts_on
        assert not a.regime.same_state(b.regime)
    for period in periods:
        for day in {period.starts_on, period.ends_on} - {None}:
            assert regime_on(material="dy", on=day, events=chain).same_state(
                period.regime
            )


def test_no_events_means_uncontrolled():
    regime = regime_on(material="dy", on=START, events=[])
    assert regime.route == Route.UNCONTROLLED and not regime.controlled


def test_a_suspension_without_an_instrument_suspends_every_control_in_force():
    chain = [
        RegimeEvent(1, "control_imposed", START, frozenset({"dy"}), instrument="a"),
        RegimeEvent(2, "control_imposed", START, frozenset({"dy"}), instrument="b"),
        RegimeEvent(
            3,
            "control_suspended",
            START + dt.timedelta(days=10),
            frozenset({"dy"}),
            ends_on=START + dt.timedelta(days=20),
        ),
    ]
    during = regime_on(material="dy", on=START + dt.timedelta(days=15), events=chain)
    after = regime_on(material="dy", on=START + dt.timedelta(days=21), events=chain)
    assert during.route == Route.SUSPENDED and during.route_event_id == 3
    assert after.route == Route.CASE_BY_CASE
