"""Which licence events readers may see at all: the publication's one page rule
(`rexchange.publication.visibility`) applied to events. Every page, embed, citation,
feed and API response asks here."""

from __future__ import annotations

from django.db.models import Q

from policy.models import LicenceEventPage
from rexchange.publication.visibility import hidden_sections, pages_visible

__all__ = ["VisibleEventIds", "hidden_sections", "licence_event_visible"]


def licence_event_visible(*, hidden: Q | None = None):
    """Live licence events that are public and sit in a live section.

    `hidden` is what `hidden_sections()` returned, for callers that already read it.
    """
    return pages_visible(LicenceEventPage.objects.all(), hidden=hidden)


class VisibleEventIds:
    """The ids of the licence events readers may see, read on first use.

    Pages put one in their context as `visible_event_ids`, so every citation they
    render checks its event against one query, however many citations there are.
    """

    def __init__(self, *, hidden: Q | None = None):
        self._hidden = hidden
        self._ids: set[int] | None = None

    def __contains__(self, pk) -> bool:
        if self._ids is None:
            events = licence_event_visible(hidden=self._hidden)
            self._ids = set(events.values_list("pk", flat=True))
        return pk in self._ids
