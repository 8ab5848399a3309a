"""Reads of editorial content for readers and API consumers.

What readers may see is decided once, by `ArticlePage.objects.listed()` (live, not
in a private section); everything here builds on it.
"""

from __future__ import annotations

from django.db.models import Prefetch

from policy.selectors import licence_event_public_queryset

from .models import ArticlePage, Highlight


def article_public_queryset():
    """Listed articles with everything the API shows joined or prefetched."""
    return ArticlePage.objects.listed().prefetch_related(
        Prefetch("related_events", queryset=licence_event_public_queryset()),
        Prefetch("api_highlights", queryset=Highlight.objects.order_by("position")),
    )


def highlight_public_queryset():
    """Highlights of listed articles, with their article and its topics."""
    return (
        Highlight.objects.filter(
            article_id__in=ArticlePage.objects.listed().values("pk")
        )
        .select_related("article")
        .prefetch_related("article__topics")
    )
