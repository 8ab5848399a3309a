"""Which licence events readers may see at all. This is the one place that rule is
written: every page, embed, citation, feed and API response asks here."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page

from policy.models import LicenceEventPage


def private_sections(*, request=None) -> Q:
    """Pages under a view restriction (password, login, groups), as one filter.

    Reading it costs a query; callers that make several look-ups read it once and pass
    it to `licence_event_visible`. Given the request, it is read once per request.
    """
    if request is None:
        return Page.objects.all().private_q()
    if not hasattr(request, "_private_sections"):
        request._private_sections = Page.objects.all().private_q()
    return request._private_sections


def licence_event_visible(*, private: Q | None = None):
    """Live licence events outside private sections: what readers may see at all.

    `private` is what `private_sections()` returned, for callers that already read it.
    """
    events = LicenceEventPage.objects.live()
    return events.public() if private is None else events.exclude(private)
