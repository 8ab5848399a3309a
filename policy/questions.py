"""Open questions: each undisclosed fact of a live event, followed along its chain.

Pure code: it takes plain chain records and knows nothing of the database, so the
service that keeps `OpenQuestion` rows and the property tests agree on the rules:

- every undisclosed fact of an event is a question about that event's dimension;
- it has been open since the dimension was first undisclosed along the chain: the
  earliest of the unbroken run of earlier events (following `previous`) that also
  left it undisclosed — an event that does not mention the dimension does not break
  the run, one that records it as changed or unchanged does;
- it is **answered** when a later event that follows it (directly or further down
  the chain) is the first on its branch to record the dimension as changed or
  unchanged;
- otherwise it is **carried** when a later event that follows it leaves the
  dimension undisclosed again: the later event's question takes over, keeping the
  date it was first undisclosed;
- otherwise it stays **open**.

Editors can also answer a question from reporting; that is stored on the question
and never undone by this computation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

UNDISCLOSED = "undisclosed"


class QuestionStatus(StrEnum):
    """Where a question stands."""

    OPEN = "open"
    CARRIED = "carried"
    ANSWERED = "answered"


@dataclass(frozen=True)
class ChainEvent:
    """The part of a live licence event the question lifecycle needs."""

    id: int
    on: dt.date  # the announcement: when the public learned what it says
    previous_id: int | None = None
    facts: Mapping[str, str] = field(default_factory=dict)  # dimension -> state


@dataclass(frozen=True)
class QuestionState:
    """One question: an event's undisclosed dimension and what became of it."""

    event_id: int
    dimension: str
    first_undisclosed_on: dt.date
    status: QuestionStatus = QuestionStatus.OPEN
    closed_on: dt.date | None = None
    closed_by_event_id: int | None = None
    closed_state: str = ""  # what the closing event recorded: changed, unchanged, …


def _order(event: ChainEvent) -> tuple:
    return (event.on, event.id)


class _Chain:
    def __init__(self, events: Iterable[ChainEvent]):
        self.events = {e.id: e for e in events}
        self.children: dict[int, list[ChainEvent]] = {}
        for event in sorted(self.events.values(), key=_order):
            if event.previous_id in self.events and event.previous_id != event.id:
                self.children.setdefault(event.previous_id, []).append(event)

    def first_undisclosed_on(self, event: ChainEvent, dimension: str) -> dt.date:
        first, seen = event.on, {event.id}
        current = self.events.get(event.previous_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            state = current.facts.get(dimension)
            if state == UNDISCLOSED:
                first = min(first, current.on)
            elif state is not None:
                break
            current = self.events.get(current.previous_id)
        return first

    def next_records(self, event: ChainEvent, dimension: str) -> list[ChainEvent]:
        """On each branch below `event`, the first event that records `dimension`."""
        found, seen = [], {event.id}
        stack = list(self.children.get(event.id, []))
        while stack:
            child = stack.pop()
            if child.id in seen:
                continue
            seen.add(child.id)
            if dimension in child.facts:
                found.append(child)
            else:
                stack.extend(self.children.get(child.id, []))
        return sorted(found, key=_order)


def question_lifecycle(events: Iterable[ChainEvent]) -> list[QuestionState]:
    """Every question the chain opens, with its status, in chain order."""
    chain = _Chain(events)
    out = []
    for event in sorted(chain.events.values(), key=_order):
        for dimension, state in sorted(event.facts.items()):
            if state != UNDISCLOSED:
                continue
            first = chain.first_undisclosed_on(event, dimension)
            records = chain.next_records(event, dimension)
            answers = [r for r in records if r.facts[dimension] != UNDISCLOSED]
            closing = answers[0] if answers else (records[0] if records else None)
            if closing is None:
                out.append(QuestionState(event.id, dimension, first))
                continue
            out.append(
                QuestionState(
                    event_id=event.id,
                    dimension=dimension,
                    first_undisclosed_on=first,
                    status=(
                        QuestionStatus.ANSWERED if answers else QuestionStatus.CARRIED
                    ),
                    closed_on=closing.on,
                    closed_by_event_id=closing.id,
                    closed_state=closing.facts[dimension],
                )
            )
    return out
