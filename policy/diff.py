"""Compare an event's facts with the previous event's, dimension by dimension.

Pure code: it takes plain (dimension, state) facts and knows nothing of the database,
so the event page, the API and the tests all compute transitions the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .vocabulary import Dimension, FactState, choice_label


class Change(StrEnum):
    """How a dimension's knowledge state moved between two consecutive events."""

    TRANSITION = "transition"  # e.g. undisclosed → changed
    RESTATED = "restated"  # same state, but the statement now says something else
    SAME = "same"  # the state and what it says were recorded again, unmoved
    NEW = "new"  # the dimension appears for the first time
    DROPPED = "dropped"  # the previous event had it, this one does not


CHANGE_LABELS = {
    Change.TRANSITION: "Now {after}; before, {before}",
    Change.RESTATED: "Still {after}, but the statement is new",
    Change.SAME: "No change",
    Change.NEW: "First recorded in this event",
    Change.DROPPED: "Not mentioned in this event",
}


@dataclass(frozen=True)
class Transition:
    """One dimension's move from the previous event's state to this event's."""

    dimension: str
    before: str | None
    after: str | None
    change: Change
    before_statement: str = ""
    after_statement: str = ""

    def __str__(self) -> str:
        before = self.before or "absent"
        after = self.after or "absent"
        return f"{self.dimension}: {before} → {after}"

    @property
    def change_label(self) -> str:
        """How the dimension moved, in plain words, e.g. 'Now changed; before,
        undisclosed'."""
        return CHANGE_LABELS[self.change].format(
            before=self.before_label.lower(), after=self.after_label.lower()
        )

    @property
    def moved(self) -> bool:
        """Whether readers need a row for it: anything but a plain repeat."""
        return self.change is not Change.SAME

    @property
    def dimension_label(self) -> str:
        """The reader-facing dimension, e.g. 'Legal basis'; old values as stored."""
        return choice_label(Dimension, self.dimension) or "Not recorded"

    @property
    def before_label(self) -> str:
        """The previous event's state for readers, e.g. 'Undisclosed'."""
        return choice_label(FactState, self.before) or "Not recorded"

    @property
    def after_label(self) -> str:
        """This event's state for readers, e.g. 'Changed'."""
        return choice_label(FactState, self.after) or "Not recorded"


@dataclass(frozen=True)
class Fact:
    """The part of a fact the diff needs."""

    dimension: str
    state: str
    statement: str = ""


def _by_dimension(facts: Iterable[Fact]) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for fact in facts:
        # Validation keeps one fact per dimension; if bad data has two, the first wins.
        out.setdefault(fact.dimension, fact)
    return out


def _wording(statement: str) -> str:
    """A statement reduced to its words, so spacing and capitals are not a change."""
    return " ".join(statement.casefold().split()).rstrip(".")


def _restated(before: Fact, after: Fact) -> bool:
    """Same state, different statement. An undisclosed fact only describes a gap, so
    new words for the same gap are not news; a changed or unchanged fact that now
    says something else is."""
    return before.state != FactState.UNDISCLOSED and _wording(
        before.statement
    ) != _wording(after.statement)


def _order(dimension: str) -> int:
    values = list(Dimension.values)
    return values.index(dimension) if dimension in values else len(values)


def facts_diff(
    current: Iterable[Fact], previous: Iterable[Fact] | None
) -> list[Transition]:
    """Transitions from `previous` to `current`; with no previous event, all are new.

    States and statements are both compared: a dimension that is "changed" in both
    events but says something different is RESTATED, not SAME.
    """
    now = _by_dimension(current)
    before = _by_dimension(previous or [])
    transitions = []
    for dimension in sorted(set(now) | set(before), key=lambda d: (_order(d), d)):
        a, b = before.get(dimension), now.get(dimension)
        if a is None and b is not None:
            change = Change.NEW
        elif b is None and a is not None:
            change = Change.DROPPED
        elif a.state == b.state:
            change = Change.RESTATED if _restated(a, b) else Change.SAME
        else:
            change = Change.TRANSITION
        transitions.append(
            Transition(
                dimension=dimension,
                before=a.state if a else None,
                after=b.state if b else None,
                change=change,
                before_statement=a.statement if a else "",
                after_statement=b.statement if b else "",
            )
        )
    return transitions


def facts_from_stream(stream: Iterable[Mapping | object]) -> list[Fact]:
    """Read facts from a `facts` StreamField value (or its raw JSON list)."""
    facts = []
    for child in stream:
        if isinstance(child, Mapping):
            # Raw JSON ({"type": "fact", "value": {...}}) or a bare fact value.
            value = child.get("value", child)
        else:
            value = getattr(child, "value", None)
        if not isinstance(value, Mapping):
            continue
        facts.append(
            Fact(
                dimension=value.get("dimension") or "other",
                state=value.get("state") or "undisclosed",
                statement=value.get("statement") or "",
            )
        )
    return facts


UNMOVED_HEADINGS = {
    FactState.CHANGED: "The same change as before",
    FactState.UNCHANGED: "Still unchanged",
    FactState.UNDISCLOSED: "Still undisclosed",
}


def unmoved_by_state(transitions: Iterable[Transition]) -> list[tuple[str, list[str]]]:
    """The dimensions that did not move, as one short line per state, e.g.
    ("Still undisclosed", ["Volumes", "Duration"]), so repeats do not pad the list."""
    grouped: dict[str, list[str]] = {}
    for t in transitions:
        if t.change is Change.SAME:
            grouped.setdefault(t.after, []).append(t.dimension_label)
    return [
        (heading, grouped[state])
        for state, heading in UNMOVED_HEADINGS.items()
        if state in grouped
    ]
