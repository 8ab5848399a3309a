"""Reads of the policy record. Only live, public events leave the building: this is the
one place that filter is written."""

from __future__ import annotations

from django.db.models import Prefetch

from .diff import Transition, facts_diff, facts_from_stream
from .models import LicenceEventPage, Material


def licence_event_public_queryset():
    """Live, public licence events with what listings need joined or prefetched."""
    return (
        LicenceEventPage.objects.live()
        .public()
        .select_related("regulator", "instrument", "previous_event")
        .prefetch_related(
            Prefetch("materials", queryset=Material.objects.order_by("name"))
        )
        .order_by("-announced_on", "-pk")
    )


def licence_event_diff(*, event: LicenceEventPage) -> list[Transition]:
    """What changed since the previous event on the same instrument (all new if none).

    A previous event that is not live is treated as absent: readers never see drafts,
    not even through a diff.
    """
    previous = event.previous_event
    if previous is not None and not previous.live:
        previous = None
    return facts_diff(
        facts_from_stream(event.facts),
        facts_from_stream(previous.facts) if previous is not None else None,
    )
