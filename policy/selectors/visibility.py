"""Which licence events readers may see at all: the publication's one page rule
(`rexchange.publication.visibility`) applied to events. Every page, embed, citation,
feed and API response asks here."""

from __future__ import annotations

from django.db.models import Q

from policy.models import LicenceEventPage
from rexchange.publication.visibility import (
    hidden_sections,
    pages_visible,
    section_rule,
)

__all__ = [
    "VisibleEventIds",
    "hidden_sections",
    "licence_event_visible",
    "section_rule",
]


def licence_event_visible(*, hidden: Q | None = None):
    """Live licence events that are public and sit in a live section.

    `hidden` is what `hidden_sections()` returned, for callers that already read it.
    """
    return pages_visible(LicenceEventPage.objects.all(), hidden=hidden)


class VisibleEventIds:
    """Which licence events readers may see, decided for events already loaded.

    Pages put one in their context as `visible_event_ids`, so every citation they
    render checks its event against the hidden sections, read once per request,
    however many citations there are.
    """

    def __init__(self, *, request=None):
        self._request = request

    def shows(self, event) -> bool:
        """Whether readers may see this loaded event (live, in a visible section)."""
        return not section_rule(request=self._request).hides(event)
