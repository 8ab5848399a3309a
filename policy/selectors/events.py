"""What public pages show of licence events: lists, the previous and next events, the
diff between them, and events ready to embed in an article."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from policy.diff import Transition, facts_diff, facts_from_stream
from policy.models import LicenceEventPage, Material, PolicyTrackerPage

from .visibility import licence_event_visible, private_sections


def licence_event_public_queryset():
    """Live, public licence events with what listings need joined or prefetched."""
    return (
        licence_event_visible()
        .select_related("regulator", "instrument", "previous_event")
        .prefetch_related(
            Prefetch("materials", queryset=Material.objects.order_by("name"))
        )
        .order_by("-announced_on", "-pk")
    )


def licence_event_public_previous(
    *, event: LicenceEventPage, private: Q | None = None
) -> LicenceEventPage | None:
    """The previous event if readers may see it; a draft or private one is absent."""
    if event.previous_event_id is None:
        return None
    events = licence_event_visible(private=private)
    return events.filter(pk=event.previous_event_id).first()


_LOOK_UP = object()


def licence_event_diff(
    *, event: LicenceEventPage, previous=_LOOK_UP
) -> list[Transition]:
    """What changed since the previous event on the same instrument (all new if none).

    A previous event that is not live is treated as absent: readers never see drafts,
    not even through a diff. Callers that already hold the public previous event (or
    know there is none) pass it as `previous` to save the look-up.
    """
    if previous is _LOOK_UP:
        previous = licence_event_public_previous(event=event)
    return facts_diff(
        facts_from_stream(event.facts),
        facts_from_stream(previous.facts) if previous else None,
    )


def licence_event_next(
    *, event: LicenceEventPage, private: Q | None = None
) -> list[LicenceEventPage]:
    """Live, public events recorded as following this one."""
    events = licence_event_visible(private=private)
    return list(events.filter(previous_event=event).order_by("announced_on", "pk"))


@dataclass(frozen=True)
class EventEmbed:
    """An event as an article embeds it: the event, its public previous event and
    the transitions between them."""

    event: LicenceEventPage
    previous: LicenceEventPage | None
    transitions: list[Transition]


def licence_event_embeds(*, ids, private: Q | None = None) -> dict[int, EventEmbed]:
    """Live, public events by id, ready to embed; a fixed number of queries for any
    number of ids. Drafts and private events are simply missing from the result."""
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return {}
    if private is None:
        private = private_sections()
    events = list(
        licence_event_visible(private=private)
        .filter(pk__in=ids)
        .select_related("previous_event", "regulator")
    )
    previous_ids = {e.previous_event_id for e in events if e.previous_event_id}
    public_previous = (
        set(
            licence_event_visible(private=private)
            .filter(pk__in=previous_ids)
            .values_list("pk", flat=True)
        )
        if previous_ids
        else set()
    )
    out = {}
    for event in events:
        previous = (
            event.previous_event if event.previous_event_id in public_previous else None
        )
        out[event.pk] = EventEmbed(
            event=event,
            previous=previous,
            transitions=licence_event_diff(event=event, previous=previous),
        )
    return out


def licence_event_article_context(*, article, embed_ids, request=None) -> dict:
    """The events an article shows: its related events (live, public, newest first)
    and the events its body embeds, keyed by id."""
    # Private sections are read once per request and shared by every look-up.
    private = private_sections(request=request)
    # A new article previewed before its first save has no row to join on yet.
    related = (
        list(
            licence_event_visible(private=private)
            .filter(articles=article)
            .select_related("regulator")
            .order_by("-announced_on", "-pk")
        )
        if article.pk is not None
        else []
    )
    return {
        "related_events": related,
        "event_embeds": licence_event_embeds(ids=embed_ids, private=private),
    }


def licence_event_page_context(*, event: LicenceEventPage, request=None) -> dict:
    """What the event page shows beyond the event itself (the articles that discuss
    it come from the articles app, which knows about articles)."""
    # Private sections are read once and shared by every look-up below.
    private = private_sections(request=request)
    previous = licence_event_public_previous(event=event, private=private)
    # An event previewed before its first save has no id yet: nothing links to it.
    saved = event.pk is not None
    return {
        "tracker": PolicyTrackerPage.objects.ancestor_of(event).first(),
        "previous": previous,
        "transitions": licence_event_diff(event=event, previous=previous),
        "next_events": (
            licence_event_next(event=event, private=private) if saved else []
        ),
    }
