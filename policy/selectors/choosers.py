"""What the admin offers an editor choosing licence events in a form."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from policy.models import LicenceEventPage
from rexchange.newsroom.choosers import page_chooser_queryset


def licence_event_choice_queryset(*, user, chosen_ids: Iterable[int] = ()):
    """The events `user` may choose, newest first, with the regulator their label
    names: those the page chooser offers them (live ones, and drafts they may work
    on), plus any already chosen, so saving never drops one. One query."""
    offered = page_chooser_queryset(
        pages=LicenceEventPage.objects.all(), user=user or AnonymousUser()
    )
    return (
        LicenceEventPage.objects.filter(
            Q(pk__in=offered.values("pk")) | Q(pk__in=list(chosen_ids))
        )
        .select_related("regulator")
        .order_by("-announced_on", "-pk")
    )
