"""Reads of editorial content for readers and API consumers: listings, discovery
pages, feeds, search and the API.

What readers may see is decided once: articles come from `ArticlePage.objects.listed()`
(live, public and in a live section) and events from `licence_event_public_queryset()`;
everything here builds on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from wagtail.models import Page, ReferenceIndex

from policy.models import LicenceEventPage, Material, Regulator
from policy.selectors.events import licence_event_public_queryset
from rexchange.publication.visibility import (
    hidden_sections,
    pages_visible,
    section_rule,
)

from .models import ArticleAuthor, ArticlePage, Author, Highlight, Topic
from .search_text import search_snippet, search_terms, stream_texts


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


EVENTS_ON_DISCOVERY_PAGES = 10


def article_listed_queryset(
    *,
    topic: Topic | None = None,
    author: Author | None = None,
    material: Material | None = None,
    regulator: Regulator | None = None,
):
    """Live, public articles, newest first, narrowed to a topic, author, material or
    regulator (the last two through the events an article discusses)."""
    articles = ArticlePage.objects.listed()
    if topic is not None:
        articles = articles.filter(topics=topic)
    if author is not None:
        articles = articles.filter(
            pk__in=ArticleAuthor.objects.filter(author=author).values("page_id")
        )
    if material is not None or regulator is not None:
        events = licence_event_public_queryset()
        if material is not None:
            events = events.filter(materials=material)
        if regulator is not None:
            events = events.filter(regulator=regulator)
        articles = articles.filter(
            pk__in=ArticlePage.objects.filter(
                related_events__in=events.values("pk")
            ).values("pk")
        )
    return articles


def licence_event_listed_queryset(
    *,
    material: Material | None = None,
    regulator: Regulator | None = None,
    articles: QuerySet | None = None,
):
    """Live, public licence events, newest first: on a material, by a regulator, or
    discussed in the given articles."""
    events = licence_event_public_queryset()
    if material is not None:
        events = events.filter(materials=material)
    if regulator is not None:
        events = events.filter(regulator=regulator)
    if articles is not None:
        events = events.filter(pk__in=articles.values("related_events"))
    return events


@dataclass
class SearchHit:
    """One search result: the page, what kind it is, and a snippet around the match."""

    page: Page
    kind: str
    date: object
    summary: str
    snippet_parts: list[tuple[str, bool]] = field(default_factory=list)


def site_search(*, query: str | None, request=None) -> tuple[list[str], object]:
    """Cleaned search terms and lazily evaluated search results over live, public
    articles and licence events (a Wagtail search-results object, or an empty list)."""
    terms = search_terms(query)
    if not terms:
        return terms, []
    pages = (
        pages_visible(Page.objects.all(), hidden=section_rule(request=request).q())
        .type(ArticlePage, LicenceEventPage)
        .search(" ".join(terms), operator="and")
    )
    return terms, pages


def search_hits(*, pages: list[Page], terms: list[str]) -> list[SearchHit]:
    """Turn one page of search results into hits with snippets, in a fixed number of
    queries: one per page type, plus their prefetches."""
    ids = [p.pk for p in pages]
    article_type = ContentType.objects.get_for_model(ArticlePage)
    articles = {a.pk: a for a in ArticlePage.objects.listed().filter(pk__in=ids)}
    events = {e.pk: e for e in licence_event_public_queryset().filter(pk__in=ids)}
    hits = []
    for page in pages:
        if page.content_type_id == article_type.id and page.pk in articles:
            article = articles[page.pk]
            texts = [
                article.dek,
                *stream_texts(article.highlights.raw_data),
                *stream_texts(article.body.raw_data),
            ]
            _, parts = search_snippet(texts, terms)
            hits.append(
                SearchHit(
                    page=article,
                    kind="Analysis",
                    date=article.publication_date,
                    summary=article.dek,
                    snippet_parts=parts,
                )
            )
        elif page.pk in events:
            event = events[page.pk]
            texts = [
                event.summary,
                *stream_texts(event.facts.raw_data),
                event.assessment_reason,
            ]
            _, parts = search_snippet(texts, terms)
            hits.append(
                SearchHit(
                    page=event,
                    kind="Licence event",
                    date=event.announced_on,
                    summary=event.summary,
                    snippet_parts=parts,
                )
            )
    return hits


def article_discussing_event_list(*, event, request=None) -> list[ArticlePage]:
    """Live, public articles that list an event as related, embed it or cite it.

    Embeds and citations are found through Wagtail's reference index, which records
    every page chosen in a StreamField.
    """
    if event.pk is None:
        # An event previewed before its first save: nothing links to it yet.
        return []
    references = ReferenceIndex.get_references_to(event).filter(
        content_type=ContentType.objects.get_for_model(ArticlePage)
    )
    ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    articles = pages_visible(
        ArticlePage.objects.all(), hidden=hidden_sections(request=request)
    )
    return list(
        articles.filter(Q(related_events=event) | Q(pk__in=ids))
        .distinct()
        .order_by("-publication_date", "-pk")
    )
