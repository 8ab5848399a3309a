"""Properties of the pure open-question lifecycle over generated event chains."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from policy.questions import ChainEvent, QuestionStatus, question_lifecycle

START = dt.date(2025, 1, 1)
DIMENSIONS = ["exporters", "volumes", "destinations"]
STATES = ["changed", "unchanged", "undisclosed"]


@st.composite
def chains(draw):
    """Events 1..n in date order; each may follow any earlier one."""
    n = draw(st.integers(0, 8))
    events, day = [], START
    for i in range(1, n + 1):
        day += dt.timedelta(days=draw(st.integers(0, 30)))
        previous = draw(st.one_of(st.none(), st.integers(1, i - 1))) if i > 1 else None
        facts = draw(
            st.dictionaries(st.sampled_from(DIMENSIONS), st.sampled_from(STATES))
        )
        events.append(ChainEvent(id=i, on=day, previous_id=previous, facts=facts))
    return events


def _descendants(events, root_id):
    out, frontier = set(), {root_id}
    while frontier:
        frontier = {e.id for e in events if e.previous_id in frontier} - out
        out |= frontier
    return out


@given(chains())
def test_every_undisclosed_fact_opens_exactly_one_question(chain):
    keys = [(q.event_id, q.dimension) for q in question_lifecycle(chain)]
    expected = {
        (e.id, d)
        for e in chain
        for d, state in e.facts.items()
        if state == "undisclosed"
    }
    assert len(keys) == len(set(keys))
    assert set(keys) == expected


@given(chains())
def test_a_question_is_first_undisclosed_no_later_than_its_event(chain):
    by_id = {e.id: e for e in chain}
    for q in question_lifecycle(chain):
        assert q.first_undisclosed_on <= by_id[q.event_id].on


@given(chains())
def test_only_a_following_event_closes_a_question_and_it_says_how(chain):
    by_id = {e.id: e for e in chain}
    for q in question_lifecycle(chain):
        if q.status == QuestionStatus.OPEN:
            assert q.closed_by_event_id is None and q.closed_on is None
            # Nothing below the event records the dimension at all.
            below = _descendants(chain, q.event_id)
            assert not any(q.dimension in by_id[i].facts for i in below)
            continue
        assert q.closed_by_event_id in _descendants(chain, q.event_id)
        closer = by_id[q.closed_by_event_id]
        assert closer.facts[q.dimension] == q.closed_state
        assert q.closed_on == closer.on
        if q.status == QuestionStatus.ANSWERED:
            assert q.closed_state in ("changed", "unchanged")
        else:
            assert q.closed_state == "undisclosed"


@given(chains(), st.sampled_from(DIMENSIONS), st.sampled_from(["changed", "unchanged"]))
def test_a_new_answering_event_closes_exactly_that_question(chain, dimension, state):
    before = {(q.event_id, q.dimension): q for q in question_lifecycle(chain)}
    leaves = [e for e in chain if not _descendants(chain, e.id)]
    target = next((e for e in leaves if e.facts.get(dimension) == "undisclosed"), None)
    if target is None:
        return
    answer = ChainEvent(
        id=len(chain) + 1,
        on=target.on + dt.timedelta(days=1),
        previous_id=target.id,
        facts={dimension: state},
    )
    after = {(q.event_id, q.dimension): q for q in question_lifecycle([*chain, answer])}
    changed = {k for k in before if before[k] != after[k]}
    assert (target.id, dimension) in changed
    assert after[(target.id, dimension)].status == QuestionStatus.ANSWERED
    # Only questions on the answered dimension, up the new event's line, can move.
    assert all(k[1] == dimension for k in changed)
    ancestors, current = set(), target
    while current is not None and current.id not in ancestors:
        ancestors.add(current.id)
        current = next((e for e in chain if e.id == current.previous_id), None)
    assert all(k[0] in ancestors for k in changed)


@given(chains())
def test_events_unrelated_by_the_chain_change_nothing(chain):
    before = question_lifecycle(chain)
    stranger = ChainEvent(
        id=len(chain) + 1,
        on=START + dt.timedelta(days=400),
        facts=dict.fromkeys(DIMENSIONS, "changed"),
    )
    assert question_lifecycle([*chain, stranger]) == before


def test_a_cycle_in_bad_data_does_not_loop():
    chain = [
        ChainEvent(1, START, previous_id=2, facts={"volumes": "undisclosed"}),
        ChainEvent(2, START, previous_id=1, facts={"volumes": "undisclosed"}),
    ]
    assert len(question_lifecycle(chain)) == 2
