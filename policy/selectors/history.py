"""What did we know then: licence events as they stood at a past moment.

Wagtail's revisions are the record's history and its page log says which revision
went live when (`wagtail.publish`, scheduled or not) and when a page was taken down
(`wagtail.unpublish`). An event was visible at a moment when its last such entry
before then was a publish; what readers saw was that entry's revision. Corrections
published later are not visible.

Everything here costs a fixed number of queries for any number of events: the
revisions are rebuilt without Wagtail's per-object look-ups (`with_content_json`
checks every foreign key and loads every many-to-many field one event at a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import PageLogEntry, Revision

from policy.models import Instrument, LicenceEventPage, Material, Regulator

from .visibility import hidden_sections

PUBLISHED = ("wagtail.publish", "wagtail.publish.scheduled")
UNPUBLISHED = ("wagtail.unpublish", "wagtail.unpublish.scheduled")

# Kept from today's page, as `with_content_json` keeps them: where the page sits in
# the tree (its URL) and what it is.
KEPT = ("id", "pk", "content_type_id", "path", "depth", "numchild", "url_path")
KEPT += ("locale_id", "translation_key", "first_published_at")
# Parts of a revision the rebuilt event does not need (and would query for).
SKIPPED = ("materials", "comments", "wagtail_admin_comments")


@dataclass(frozen=True)
class RecordAsOf:
    """Which revision of each event was live at a moment."""

    at: dt.datetime
    revisions: dict[int, int]  # event id -> revision id live then

    @property
    def event_ids(self) -> set[int]:
        """Events that were live at the moment."""
        return set(self.revisions)


def record_as_of(*, at: dt.datetime) -> RecordAsOf:
    """The events live at `at` and the revision each one showed (one query)."""
    entries = (
        PageLogEntry.objects.filter(
            page_id__in=LicenceEventPage.objects.values("pk"),
            action__in=PUBLISHED + UNPUBLISHED,
            timestamp__lte=at,
        )
        .order_by("timestamp", "pk")
        .values_list("page_id", "action", "revision_id")
    )
    revisions: dict[int, int] = {}
    for page_id, action, revision_id in entries:
        if action in PUBLISHED and revision_id is not None:
            revisions[page_id] = revision_id
        else:
            revisions.pop(page_id, None)
    return RecordAsOf(at=at, revisions=revisions)


def licence_event_as_of_queryset(*, record: RecordAsOf, hidden: Q | None = None):
    """Today's rows of the events live at the moment, outside hidden sections, with
    what listings need; rebuild them with `licence_events_as_they_were`."""
    if hidden is None:
        hidden = hidden_sections()
    return (
        LicenceEventPage.objects.filter(pk__in=record.event_ids)
        .exclude(hidden)
        .select_related("regulator", "instrument", "previous_event")
        .order_by("-announced_on", "-pk")
    )


def _rebuild(page: LicenceEventPage, content: dict) -> LicenceEventPage:
    content = {k: v for k, v in content.items() if k not in SKIPPED}
    event = LicenceEventPage.from_serializable_data(content, check_fks=False)
    for name in KEPT:
        setattr(event, name, getattr(page, name))
    event.live = True  # it was, at that moment
    return event


def licence_events_as_they_were(
    *, record: RecordAsOf, pages: Iterable[LicenceEventPage]
) -> list[LicenceEventPage]:
    """Each page as its revision live at the record's moment, in the same order,
    with regulator, instrument and materials as that revision named them.

    Pages that were not live then are left out. Four queries for any number.
    """
    pages = [p for p in pages if p.pk in record.revisions]
    if not pages:
        return []
    contents = dict(
        Revision.objects.filter(
            pk__in=[record.revisions[p.pk] for p in pages]
        ).values_list("pk", "content")
    )
    events = [
        _rebuild(page, contents[record.revisions[page.pk]])
        for page in pages
        if record.revisions[page.pk] in contents
    ]
    material_ids = {
        m
        for page in pages
        for m in contents.get(record.revisions[page.pk], {}).get("materials") or []
    }
    materials = Material.objects.in_bulk(material_ids)
    regulators = Regulator.objects.in_bulk({e.regulator_id for e in events})
    instruments = Instrument.objects.in_bulk(
        {e.instrument_id for e in events if e.instrument_id}
    )
    for event in events:
        content = contents[record.revisions[event.pk]]
        # Set the in-memory relation directly: assigning would read today's rows.
        named = [materials[i] for i in content.get("materials") or [] if i in materials]
        event._cluster_related_objects = {
            "materials": sorted(named, key=lambda m: m.name)
        }
        event.regulator = regulators[event.regulator_id]
        event.instrument = instruments.get(event.instrument_id)
    return events


def licence_event_as_of(
    *, record: RecordAsOf, pk: int, hidden: Q | None = None
) -> LicenceEventPage | None:
    """One event as it stood at the record's moment, or None if not live then."""
    page = licence_event_as_of_queryset(record=record, hidden=hidden).filter(pk=pk)
    found = licence_events_as_they_were(record=record, pages=page)
    return found[0] if found else None
