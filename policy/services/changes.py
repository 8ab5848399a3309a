"""The change feed for licence events: consumers see what readers see.

An event readers may not reach (a view restriction on it or an ancestor, or an
unpublished section above it) is never published to the feed; when a restriction
arrives later, or its section is unpublished, the feed records it as unpublished,
and as published again when readers get it back.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from rexchange.api.changes import ChangeKind, ChangeType, change_out_ids, change_record

from ..models import LicenceEventPage
from ..selectors.visibility import licence_event_visible


@transaction.atomic
def licence_event_change_record(*, event: LicenceEventPage, kind: str) -> None:
    """Record an event's publish, update or unpublish as consumers may see it."""
    if (
        kind != ChangeKind.UNPUBLISH
        and not licence_event_visible().filter(pk=event.pk).exists()
    ):
        kind = ChangeKind.UNPUBLISH
    change_record(object_type=ChangeType.EVENT, object_ids=[event.pk], kind=kind)


@transaction.atomic
def licence_event_visibility_sync(*, section_id: int) -> int:
    """After readers' access to a section changed, record the events in it that
    appeared or disappeared; returns how many did. Nothing else is recorded."""
    path = Page.objects.filter(pk=section_id).values_list("path", flat=True).first()
    if path is None:
        return 0  # the section was deleted, and its events with it
    events = LicenceEventPage.objects.filter(path__startswith=path)
    everything = set(events.values_list("pk", flat=True))
    if not everything:
        return 0
    visible = set(
        licence_event_visible()
        .filter(path__startswith=path)
        .values_list("pk", flat=True)
    )
    out = {
        int(i)
        for i in change_out_ids(object_type=ChangeType.EVENT, object_ids=everything)
    }
    appeared = visible - out
    gone = (everything - visible) & out
    change_record(
        object_type=ChangeType.EVENT,
        object_ids=sorted(appeared),
        kind=ChangeKind.PUBLISH,
    )
    change_record(
        object_type=ChangeType.EVENT, object_ids=sorted(gone), kind=ChangeKind.UNPUBLISH
    )
    return len(appeared) + len(gone)
