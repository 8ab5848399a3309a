"""policy.diff compares two events' facts dimension by dimension, without a database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.diff import Change, Fact, Transition, facts_diff, facts_from_stream
from policy.vocabulary import Dimension, FactState

CHANGED, UNCHANGED, UNDISCLOSED = "changed", "unchanged", "undisclosed"


def _by_dimension(transitions: list[Transition]) -> dict[str, Transition]:
    return {t.dimension: t for t in transitions}


def test_first_event_in_a_chain_has_every_dimension_new():
    current = [Fact("procedure", CHANGED), Fact("exporters", UNDISCLOSED)]
    transitions = facts_diff(current, None)
    assert [str(t) for t in transitions] == [
        "exporters: absent → undisclosed",
        "procedure: absent → changed",
    ]
    assert {t.change for t in transitions} == {Change.NEW}
    assert all(t.before is None for t in transitions)


def test_an_empty_previous_event_counts_as_no_previous_event():
    current = [Fact("scope", UNCHANGED)]
    assert facts_diff(current, []) == facts_diff(current, None)


def test_undisclosed_destinations_becoming_known_is_a_transition():
    previous = [Fact("destinations", UNDISCLOSED, "Not named.")]
    current = [Fact("destinations", CHANGED, "The United States is excluded.")]
    [t] = facts_diff(current, previous)
    assert str(t) == "destinations: undisclosed → changed"
    assert t.change is Change.TRANSITION
    assert t.before_statement == "Not named."
    assert t.after_statement == "The United States is excluded."


def test_procedure_settling_down_is_a_transition():
    [t] = facts_diff([Fact("procedure", UNCHANGED)], [Fact("procedure", CHANGED)])
    assert str(t) == "procedure: changed → unchanged"
    assert t.change is Change.TRANSITION


def test_same_state_recorded_again_is_marked_same():
    [t] = facts_diff([Fact("volumes", UNDISCLOSED)], [Fact("volumes", UNDISCLOSED)])
    assert t.change is Change.SAME
    assert str(t) == "volumes: undisclosed → undisclosed"


def test_new_and_dropped_dimensions_are_reported():
    previous = [Fact("scope", CHANGED), Fact("duration", UNDISCLOSED)]
    current = [Fact("scope", CHANGED), Fact("exporters", UNDISCLOSED)]
    by_dimension = _by_dimension(facts_diff(current, previous))
    assert by_dimension["exporters"].change is Change.NEW
    assert str(by_dimension["exporters"]) == "exporters: absent → undisclosed"
    assert by_dimension["duration"].change is Change.DROPPED
    assert str(by_dimension["duration"]) == "duration: undisclosed → absent"
    assert by_dimension["scope"].change is Change.SAME


def test_transitions_follow_the_vocabulary_order_not_the_input_order():
    current = [Fact(d, CHANGED) for d in reversed(Dimension.values)]
    assert [t.dimension for t in facts_diff(current, None)] == list(Dimension.values)


def test_unknown_dimensions_from_old_data_sort_last_and_keep_their_name():
    current = [Fact("licence_fees", CHANGED), Fact("scope", CHANGED)]
    transitions = facts_diff(current, None)
    assert [t.dimension for t in transitions] == ["scope", "licence_fees"]
    assert transitions[1].dimension_label == "licence_fees"


def test_a_repeated_dimension_in_bad_data_keeps_the_first_fact():
    current = [Fact("scope", CHANGED, "first"), Fact("scope", UNCHANGED, "second")]
    [t] = facts_diff(current, None)
    assert (t.after, t.after_statement) == (CHANGED, "first")


def test_transitions_carry_reader_facing_labels():
    [t] = facts_diff(
        [Fact("legal_basis", UNCHANGED)], [Fact("legal_basis", UNDISCLOSED)]
    )
    assert t.dimension_label == "Legal basis"
    assert (t.before_label, t.after_label) == ("Undisclosed", "Unchanged")
    [new] = facts_diff([Fact("scope", CHANGED)], None)
    assert (new.before_label, new.after_label) == ("Not recorded", "Changed")


def test_facts_are_read_from_raw_stream_json():
    raw = [
        {"type": "fact", "value": {"dimension": "products", "state": UNDISCLOSED}},
        {"type": "fact", "value": {"dimension": "", "state": "", "statement": "x"}},
    ]
    assert facts_from_stream(raw) == [
        Fact("products", UNDISCLOSED, ""),
        Fact("other", UNDISCLOSED, "x"),
    ]


def test_facts_are_read_from_plain_fact_values():
    raw = [{"dimension": "volumes", "state": CHANGED, "statement": "A quota."}]
    assert facts_from_stream(raw) == [Fact("volumes", CHANGED, "A quota.")]


def test_a_stream_child_without_a_value_is_skipped():
    class Child:
        value = None

    assert facts_from_stream([Child()]) == []


facts_strategy = st.lists(
    st.builds(
        Fact,
        dimension=st.sampled_from(Dimension.values),
        state=st.sampled_from(FactState.values),
        statement=st.text(max_size=20),
    ),
    max_size=12,
)


@given(current=facts_strategy, previous=facts_strategy)
def test_every_dimension_of_either_event_appears_exactly_once(current, previous):
    transitions = facts_diff(current, previous)
    dimensions = [t.dimension for t in transitions]
    assert len(dimensions) == len(set(dimensions))
    assert set(dimensions) == {f.dimension for f in current} | {
        f.dimension for f in previous
    }


@given(current=facts_strategy, previous=facts_strategy)
def test_the_change_kind_agrees_with_the_states(current, previous):
    for t in facts_diff(current, previous):
        expected = {
            (True, False): Change.NEW,
            (False, True): Change.DROPPED,
        }.get((t.before is None, t.after is None))
        if expected is None and t.before != t.after:
            expected = Change.TRANSITION
        elif expected is None:
            reworded = " ".join(t.before_statement.casefold().split()).rstrip(
                "."
            ) != " ".join(t.after_statement.casefold().split()).rstrip(".")
            restated = reworded and t.before != UNDISCLOSED
            expected = Change.RESTATED if restated else Change.SAME
        assert t.change is expected


def test_a_changed_dimension_with_a_new_statement_is_restated_not_same():
    before = [Fact("procedure", CHANGED, "Each export needs a licence.")]
    after = [Fact("procedure", CHANGED, "A general licence replaces it.")]
    (t,) = facts_diff(after, before)
    assert t.change is Change.RESTATED
    assert t.change_label == "Still changed, but the statement is new"
    assert t.moved


def test_new_words_for_the_same_gap_or_the_same_words_are_no_change():
    gap = facts_diff(
        [Fact("volumes", UNDISCLOSED, "Not published.")],
        [Fact("volumes", UNDISCLOSED, "Quantities are not said.")],
    )
    respaced = facts_diff(
        [Fact("scope", UNCHANGED, "The controls  stay in force")],
        [Fact("scope", UNCHANGED, "the controls stay in force.")],
    )
    assert [t.change for t in gap + respaced] == [Change.SAME, Change.SAME]
    assert not any(t.moved for t in gap + respaced)


@given(current=facts_strategy, previous=facts_strategy)
def test_reversing_the_order_swaps_new_and_dropped(current, previous):
    forward = _by_dimension(facts_diff(current, previous))
    backward = _by_dimension(facts_diff(previous, current))
    swap = {Change.NEW: Change.DROPPED, Change.DROPPED: Change.NEW}
    for dimension, t in forward.items():
        back = backward[dimension]
        assert (back.before, back.after) == (t.after, t.before)
        assert back.change is swap.get(t.change, t.change)


@given(facts=facts_strategy)
def test_an_event_compared_with_itself_has_no_movement(facts):
    assert {t.change for t in facts_diff(facts, facts)} <= {Change.SAME}


@pytest.mark.parametrize("previous", [None, []])
@given(facts=facts_strategy)
def test_without_a_previous_event_everything_is_new(facts, previous):
    assert {t.change for t in facts_diff(facts, previous)} <= {Change.NEW}
