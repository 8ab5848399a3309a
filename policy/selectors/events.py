"""What public pages show of licence events: lists, the previous and next events, the
diff between them, and events ready to embed in an article."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q

from policy.diff import Transition, facts_diff, facts_from_stream
from policy.models import LicenceEventPage, Material, PolicyTrackerPage

from .visibility import (
    VisibleEventIds,
    hidden_sections,
    licence_event_visible,
    section_rule,
)


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
    *, event: LicenceEventPage, hidden: Q | None = None
) -> LicenceEventPage | None:
    """The previous event if readers may see it; a hidden one is absent."""
    if event.previous_event_id is None:
        return None
    events = licence_event_visible(hidden=hidden)
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
    *, event: LicenceEventPage, hidden: Q | None = None
) -> list[LicenceEventPage]:
    """Live, public events recorded as following this one."""
    events = licence_event_visible(hidden=hidden)
    return list(events.filter(previous_event=event).order_by("announced_on", "pk"))


@dataclass(frozen=True)
class EventEmbed:
    """An event as an article embeds it: the event, its public previous event and
    the transitions between them."""

    event: LicenceEventPage
    previous: LicenceEventPage | None
    transitions: list[Transition]


def licence_event_embeds(
    *, ids, hidden: Q | None = None, request=None
) -> dict[int, EventEmbed]:
    """Visible events by id, ready to embed; a fixed number of queries for any
    number of ids. Drafts, private events and events in unpublished sections are
    simply missing from the result."""
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return {}
    events = (
        licence_event_visible(hidden=hidden)
        .filter(pk__in=ids)
        .select_related("previous_event", "regulator")
    )
    return licence_event_embeds_from(events=events, request=request)


def licence_event_embeds_from(*, events, request=None) -> dict[int, EventEmbed]:
    """Embeds of events already read (with their previous events joined); the
    previous events readers may not see are left out, decided in memory."""
    rule = section_rule(request=request)
    out = {}
    for event in events:
        previous = event.previous_event
        if previous is not None and rule.hides(previous):
            previous = None
        out[event.pk] = EventEmbed(
            event=event,
            previous=previous,
            transitions=licence_event_diff(event=event, previous=previous),
        )
    return out


def licence_event_article_read(*, article, ids) -> list[LicenceEventPage]:
    """Every event an article may show in one query: those with the given ids (it
    embeds or cites them) and its related events, marked `is_related`, with their
    regulator and previous event. Visibility is the caller's to decide."""
    ids = {int(i) for i in ids if i is not None}
    wanted = Q(pk__in=ids)
    related = Q(pk__in=[])
    if article.pk is not None:
        through = LicenceEventPage.articles.through.objects.filter(
            articlepage_id=article.pk
        )
        related = Q(pk__in=through.values("licenceeventpage_id"))
    if not ids and article.pk is None:
        return []
    return list(
        LicenceEventPage.objects.filter(wanted | related)
        .annotate(is_related=ExpressionWrapper(related, output_field=BooleanField()))
        .select_related("regulator", "previous_event")
    )


def licence_event_article_context(
    *, article, embed_ids, events=None, request=None
) -> dict:
    """The events an article shows: its related events (live, public, newest first)
    and the events its body embeds, keyed by id. `events` is what
    `licence_event_article_read` returned, for callers that already read it."""
    if events is None:
        events = licence_event_article_read(article=article, ids=embed_ids)
    rule = section_rule(request=request)
    visible = [e for e in events if not rule.hides(e)]
    embed_ids = {int(i) for i in embed_ids if i is not None}
    related = sorted(
        (e for e in visible if e.is_related),
        key=lambda e: (e.announced_on, e.pk),
        reverse=True,
    )
    return {
        "related_events": related,
        "event_embeds": licence_event_embeds_from(
            events=[e for e in visible if e.pk in embed_ids], request=request
        ),
        "visible_event_ids": VisibleEventIds(request=request),
    }


def licence_event_page_context(*, event: LicenceEventPage, request=None) -> dict:
    """What the event page shows beyond the event itself (the articles that discuss
    it come from the articles app, which knows about articles)."""
    hidden = hidden_sections(request=request)
    # The previous event came with the event (routing joins it): decide in memory
    # whether readers may see it.
    previous = event.previous_event if event.previous_event_id else None
    if previous is not None and section_rule(request=request).hides(previous):
        previous = None
    # An event previewed before its first save has no id yet: nothing links to it.
    saved = event.pk is not None
    return {
        "tracker": PolicyTrackerPage.objects.ancestor_of(event).first(),
        "previous": previous,
        "transitions": licence_event_diff(event=event, previous=previous),
        "next_events": (
            licence_event_next(event=event, hidden=hidden) if saved else []
        ),
        "visible_event_ids": VisibleEventIds(request=request),
    }
