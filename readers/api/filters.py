"""Declared filters for comments."""

from __future__ import annotations

import django_filters
from wagtail.models import Page

from rexchange.api.filters import DateTimeFilter, ModelCSVFilter
from rexchange.publication.visibility import pages_visible

from ..models import Comment


def _public_pages(request):
    return pages_visible(Page.objects.all())


class CommentFilter(django_filters.FilterSet):
    """Comments by page and time."""

    page_id = ModelCSVFilter(
        field_name="page",
        queryset=_public_pages,
        help_text="Page ids (articles or events), comma-separated (any of them).",
    )
    since = DateTimeFilter(
        field_name="created_at",
        lookup_expr="gte",
        help_text="Posted at or after this ISO 8601 date-time.",
    )

    class Meta:
        model = Comment
        fields: list[str] = []
