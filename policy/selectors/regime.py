"""The regime for materials on a date: loads the live event chain once and hands it
to the pure computation in `policy.regime`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from policy.models import Instrument, LicenceEventPage, Material
from policy.regime import Period, Regime, RegimeEvent, regime_on, regime_periods

from .visibility import licence_event_visible


@dataclass(frozen=True)
class MaterialRegime:
    """One material's regime on a date, its history, and what both cite."""

    material: Material
    regime: Regime
    periods: list[Period]
    events: dict[int, LicenceEventPage]
    instruments: dict[str, Instrument]

    def event(self, event_id: int | None) -> LicenceEventPage | None:
        """A cited event, or None."""
        return self.events.get(event_id) if event_id else None

    def instrument(self, key: str) -> Instrument | None:
        """The instrument behind a key ('event-<id>' keys have none)."""
        return self.instruments.get(key)

    # Template helpers: the same parts with their events resolved.

    @property
    def route_event(self) -> LicenceEventPage | None:
        """The event that set the licence route."""
        return self.event(self.regime.route_event_id)

    @property
    def standing(self) -> list[dict]:
        """Each instrument's standing, with its instrument and events."""
        return [
            {
                "state": i,
                "instrument": self.instrument(i.key),
                "event": self.event(i.event_id),
                "in_force_event": self.event(i.in_force_event_id),
            }
            for i in self.regime.instruments
        ]

    @property
    def history(self) -> list[dict]:
        """The regime's states, newest first, each with the event that began it."""
        out = []
        for period in reversed(self.periods):
            event = self.event(period.event_id)
            starts = (event.effective_on or event.announced_on) if event else None
            # A period an event did not start began when a suspension ran out.
            lapsed = event is not None and starts != period.starts_on
            out.append({"period": period, "event": event, "lapsed": lapsed})
        return out


def regime_chain_queryset(*, hidden: Q | None = None):
    """Live, public events with what the regime needs, for any number of them."""
    return (
        licence_event_visible(hidden=hidden)
        .defer_streamfields()
        .select_related("instrument", "regulator")
        .prefetch_related(Prefetch("materials", queryset=Material.objects.only("slug")))
        .order_by("announced_on", "pk")
    )


def regime_event(event: LicenceEventPage) -> RegimeEvent:
    """A licence event as the pure computation reads it."""
    return RegimeEvent(
        id=event.pk,
        event_type=event.event_type,
        announced_on=event.announced_on,
        effective_on=event.effective_on,
        ends_on=event.ends_on,
        instrument=event.instrument.slug if event.instrument_id else None,
        materials=frozenset(m.slug for m in event.materials.all()),
    )


def material_regimes(
    *,
    materials: Sequence[Material],
    on: dt.date,
    events: Iterable[LicenceEventPage] | None = None,
) -> list[MaterialRegime]:
    """The regime of each material on `on`, with its history of states.

    `events` are the chain to read (the live record when not given; the record as
    it stood at an earlier moment for "what did we know then").
    """
    if events is None:
        slugs = [m.slug for m in materials]
        events = regime_chain_queryset().filter(materials__slug__in=slugs).distinct()
    pages = {e.pk: e for e in events}
    chain = [regime_event(e) for e in pages.values()]
    instruments = {
        e.instrument.slug: e.instrument for e in pages.values() if e.instrument_id
    }
    out = []
    for material in materials:
        out.append(
            MaterialRegime(
                material=material,
                regime=regime_on(material=material.slug, on=on, events=chain),
                periods=regime_periods(material=material.slug, events=chain),
                events=pages,
                instruments=instruments,
            )
        )
    return out


def material_regime_context(
    *, material: Material, today: dt.date | None = None
) -> dict:
    """What a material page shows under "Where things stand"."""
    today = today or timezone.localdate()
    [regime] = material_regimes(materials=[material], on=today)
    return {"material_regime": regime}
