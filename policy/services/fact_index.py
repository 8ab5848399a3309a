"""Writes for the event fact index: the API's queryable copy of live facts."""

from __future__ import annotations

from django.db import transaction

from ..diff import facts_from_stream
from ..models import LicenceEventFact, LicenceEventPage


@transaction.atomic
def licence_event_facts_sync(*, event: LicenceEventPage) -> list[LicenceEventFact]:
    """Make the fact index of one event match its live page (empty when not live)."""
    LicenceEventFact.objects.filter(event_id=event.pk).delete()
    live = LicenceEventPage.objects.filter(pk=event.pk, live=True).first()
    if live is None:
        return []
    rows: dict[str, LicenceEventFact] = {}
    for fact in facts_from_stream(live.facts.raw_data):
        # Validation allows one fact per dimension; if bad data has two, the first wins,
        # as it does in `policy.diff`.
        rows.setdefault(
            fact.dimension,
            LicenceEventFact(event=live, dimension=fact.dimension, state=fact.state),
        )
    return LicenceEventFact.objects.bulk_create(rows.values())


def licence_event_facts_rebuild_all() -> int:
    """Rebuild the fact index of every event; returns how many facts are indexed."""
    LicenceEventFact.objects.exclude(event__live=True).delete()
    return sum(
        len(licence_event_facts_sync(event=event))
        for event in LicenceEventPage.objects.filter(live=True).defer_streamfields()
    )
