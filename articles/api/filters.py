"""Declared filters for articles and highlights."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q

from policy.models import Material, Regulator
from policy.selectors.visibility import licence_event_visible
from rexchange.api.filters import (
    DateFilter,
    DateTimeFilter,
    ModelCSVFilter,
    OrderingFilter,
    TextFilter,
)

from ..models import ArticlePage, Author, Highlight, Topic

# Full-text matches beyond this many are not narrowed further; a query that broad is
# better refined with topic or date filters.
SEARCH_LIMIT = 500
WORDS = re.compile(r"\w+")


def _listed_articles(request):
    return ArticlePage.objects.listed().prefetch_related(None)


def _visible_events(request):
    return licence_event_visible()


class ArticleFilter(django_filters.FilterSet):
    """Articles by topic, author, event, dates and full text."""

    topic = ModelCSVFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        help_text="Topic slugs, comma-separated (any of them), e.g. 'export-controls'.",
    )
    author = ModelCSVFilter(
        field_name="bylines__author",
        to_field_name="slug",
        queryset=Author.objects.all(),
        help_text="Author slugs, comma-separated (any of them).",
    )
    event = ModelCSVFilter(
        field_name="related_events",
        queryset=_visible_events,
        help_text="Licence event ids, comma-separated: articles that discuss any.",
    )
    published_after = DateFilter(
        field_name="publication_date",
        lookup_expr="gte",
        help_text="Publication date on or after (YYYY-MM-DD).",
    )
    published_before = DateFilter(
        field_name="publication_date",
        lookup_expr="lte",
        help_text="Publication date on or before (YYYY-MM-DD).",
    )
    updated_since = DateTimeFilter(
        field_name="last_published_at",
        lookup_expr="gte",
        help_text="Published or republished at or after this ISO 8601 date-time.",
    )
    q = TextFilter(
        method="filter_search",
        help_text="Full-text search over title, dek, highlights and body (at most "
        "200 characters). Results keep the chosen order.",
    )
    ordering = OrderingFilter(
        orderings={
            "-publication_date": ("-publication_date", "-first_published_at", "-pk"),
            "publication_date": ("publication_date", "first_published_at", "pk"),
            "-last_published_at": ("-last_published_at", "-pk"),
            "title": ("title", "pk"),
        }
    )

    class Meta:
        model = ArticlePage
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        # Words only: the search backends parse punctuation (quotes, NEAR(, *), and
        # SQLite's full-text engine rejects some of it with an error.
        value = " ".join(WORDS.findall(value))
        if not value:
            return queryset.none()
        hits = ArticlePage.objects.live().search(value, order_by_relevance=False)
        return queryset.filter(pk__in=[page.pk for page in hits[:SEARCH_LIMIT]])


class HighlightFilter(django_filters.FilterSet):
    """Highlights by topic, material, regulator, event, article and change time."""

    topic = ModelCSVFilter(
        field_name="article__topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        help_text="Topic slugs of the article, comma-separated (any of them).",
    )
    material = ModelCSVFilter(
        to_field_name="slug",
        queryset=Material.objects.all(),
        method="filter_material",
        help_text="Material slugs, comma-separated: highlights citing, or in articles "
        "about, a public event on any of these materials.",
    )
    regulator = ModelCSVFilter(
        to_field_name="slug",
        queryset=Regulator.objects.all(),
        method="filter_regulator",
        help_text="Regulator slugs, comma-separated: highlights citing, or in "
        "articles about, a public event by any of these regulators.",
    )
    event = ModelCSVFilter(
        queryset=_visible_events,
        method="filter_event",
        help_text="Licence event ids, comma-separated: highlights citing any of them "
        "or in articles about them.",
    )
    article = ModelCSVFilter(
        field_name="article",
        queryset=_listed_articles,
        help_text="Article ids, comma-separated (any of them).",
    )
    since = DateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Highlights added or changed at or after this ISO 8601 date-time.",
    )

    class Meta:
        model = Highlight
        fields: list[str] = []

    def _about(self, queryset, events):
        matching = Highlight.objects.filter(
            Q(cited_events__in=events) | Q(article__related_events__in=events)
        ).values("pk")
        return queryset.filter(pk__in=matching)

    def filter_material(self, queryset, name, value):
        events = licence_event_visible().filter(materials__in=value).values("pk")
        return self._about(queryset, events)

    def filter_regulator(self, queryset, name, value):
        events = licence_event_visible().filter(regulator__in=value).values("pk")
        return self._about(queryset, events)

    def filter_event(self, queryset, name, value):
        return self._about(queryset, [event.pk for event in value])
