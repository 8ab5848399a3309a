"""Writes for open questions: keep them in step with the live event chain."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..diff import facts_from_stream
from ..models import LicenceEventPage, OpenQuestion
from ..questions import ChainEvent, QuestionStatus, question_lifecycle

# What the sync computes; everything else on a question is the editors'.
SYNCED = [
    "first_undisclosed_on",
    "statement",
    "closed_by_event_id",
    "closed_state",
    "status",
    "closed_on",
]


def _chain() -> tuple[list[ChainEvent], dict[tuple[int, str], str]]:
    events, statements = [], {}
    live = LicenceEventPage.objects.live().only(
        "pk", "announced_on", "previous_event_id", "facts"
    )
    for page in live:
        facts = {}
        for fact in facts_from_stream(page.facts.raw_data):
            # One fact per dimension; with bad data the first wins, as in the diff.
            if fact.dimension not in facts:
                facts[fact.dimension] = fact.state
                statements[(page.pk, fact.dimension)] = fact.statement
        events.append(
            ChainEvent(
                id=page.pk,
                on=page.announced_on,
                previous_id=page.previous_event_id,
                facts=facts,
            )
        )
    return events, statements


def _apply(question: OpenQuestion, state, statement: str) -> None:
    question.first_undisclosed_on = state.first_undisclosed_on
    question.statement = statement
    question.closed_by_event_id = state.closed_by_event_id
    question.closed_state = state.closed_state
    question.status = state.status
    question.closed_on = state.closed_on
    if question.answered_by_reporting:
        # An editor's answer stands whatever the chain says later.
        question.status = QuestionStatus.ANSWERED
        dates = [d for d in (question.answered_on, state.closed_on) if d]
        question.closed_on = min(dates) if dates else None


@transaction.atomic
def open_questions_sync() -> dict[str, int]:
    """Open, carry and answer questions from the live event chain.

    Questions of events that are no longer live are kept (with their editors'
    wording) and simply not shown; a question whose fact is no longer undisclosed
    on the live event is removed.
    """
    events, statements = _chain()
    states = {(s.event_id, s.dimension): s for s in question_lifecycle(events)}
    live_ids = [e.id for e in events]
    existing = {
        (q.event_id, q.dimension): q
        for q in OpenQuestion.objects.select_for_update().filter(event_id__in=live_ids)
    }
    stale = [q.pk for key, q in existing.items() if key not in states]
    OpenQuestion.objects.filter(pk__in=stale).delete()
    created, changed = [], []
    now = timezone.now()
    for key, state in states.items():
        question = existing.get(key)
        if question is None:
            question = OpenQuestion(event_id=key[0], dimension=key[1])
            _apply(question, state, statements.get(key, ""))
            created.append(question)
            continue
        before = [getattr(question, f) for f in SYNCED]
        _apply(question, state, statements.get(key, ""))
        if before != [getattr(question, f) for f in SYNCED]:
            question.updated_at = now  # bulk_update skips auto_now
            changed.append(question)
    OpenQuestion.objects.bulk_create(created)
    if changed:
        OpenQuestion.objects.bulk_update(changed, [*SYNCED, "updated_at"])
    return {"opened": len(created), "changed": len(changed), "removed": len(stale)}


def open_question_answer_refresh(*, question: OpenQuestion) -> OpenQuestion:
    """After an editor marks a question answered (or not), bring its status in line."""
    open_questions_sync()
    question.refresh_from_db()
    return question
