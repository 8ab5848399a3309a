"""Reads of editorial content for readers and API consumers: listings, discovery
pages, feeds, search and the API.

What readers may see is decided once: articles come from `ArticlePage.objects.listed()`
(live, public and in a live section) and events from `licence_event_public_queryset()`;
everything here builds on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from policy.citations.targets import CitationTargets, citation_targets
from policy.models import LicenceEventPage, Material, Regulator
from policy.selectors.events import licence_event_public_queryset
from policy.selectors.visibility import licence_event_visible
from rexchange.publication.folded_relations import JSONRows, install
from rexchange.publication.visibility import (
    hidden_sections,
    pages_visible,
)

from .models import ArticleAuthor, ArticlePage, Author, Highlight, Topic
from .search_text import search_snippet, search_terms, stream_texts


def article_public_queryset():
    """Listed articles with everything the API shows joined or prefetched; of
    related events only their ids, read with the article (`article_api_reads`
    loads them with the events the highlights cite)."""
    related = ArticlePage.related_events.through.objects.filter(
        articlepage_id=OuterRef("pk")
    )
    return (
        ArticlePage.objects.listed()
        .annotate(
            related_event_ids=Subquery(
                related.order_by().values(ids=JSONRows(F("licenceeventpage_id")))[:1]
            )
        )
        .prefetch_related(
            Prefetch("api_highlights", queryset=Highlight.objects.order_by("position"))
        )
    )


def article_api_reads(*, articles) -> CitationTargets:
    """What API articles from `article_public_queryset` point at, in two queries:
    the public events they relate to or their highlights cite (related ones are
    installed as each article's `related_events`, newest first), and the reports
    their highlights cite."""
    citations = [
        c for a in articles for h in a.api_highlights.all() for c in h.citations
    ]
    related = {a.pk: set(a.related_event_ids or ()) for a in articles}
    event_ids = {c["event"] for c in citations if c.get("event")}
    event_ids |= {pk for ids in related.values() for pk in ids}
    events = (
        list(
            licence_event_visible()
            .filter(pk__in=event_ids)
            .order_by("-announced_on", "-pk")
        )
        if event_ids
        else []
    )
    for article in articles:
        install(
            article,
            "related_events",
            [e for e in events if e.pk in related[article.pk]],
        )
    reports = citation_targets(
        event_ids=(), report_ids=[c.get("report") for c in citations]
    ).reports
    return CitationTargets(events={e.pk: e for e in events}, reports=reports)


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
ANALYSIS_ON_MATERIAL_PAGES = 10


def article_listed_queryset(
    *,
    topic: Topic | None = None,
    author: Author | None = None,
    material: Material | None = None,
    regulator: Regulator | None = None,
):
    """Live, public articles, newest first, narrowed to a topic, author, material or
    regulator (the last two through the events an article discusses)."""
    articles = ArticlePage.objects.listed().with_card_images()
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


class NewestFirstResults(Sequence):
    """Search results of several page types merged newest first by each type's own
    date, for a paginator: a page of results reads only as many rows of each type
    as could reach it, so its cost does not grow with the number of matches."""

    def __init__(self, *results):
        # Each: (search results ordered newest first, the name of its date field).
        self._results = results

    @cached_property
    def _counts(self) -> list[int]:
        return [r.count() for r, _ in self._results]

    def __len__(self) -> int:
        return sum(self._counts)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        rows = []
        for (results, date_field), count in zip(
            self._results, self._counts, strict=True
        ):
            if count:
                rows += [(getattr(p, date_field), p.pk, p) for p in results[:stop]]
        rows.sort(key=lambda row: row[:2], reverse=True)
        return [page for *_, page in rows[start:stop]]


def site_search(*, query: str | None) -> tuple[list[str], object]:
    """Cleaned search terms and lazily evaluated search results over live, public
    articles and licence events, newest first (articles by publication date, events
    by announcement date), or an empty list."""
    terms = search_terms(query)
    if not terms:
        return terms, []
    text = " ".join(terms)

    def newest_first(model, date_field):
        visible = pages_visible(model.objects.all()).values("pk")
        return (
            model.objects.filter(id__in=visible)
            .order_by(f"-{date_field}", "-id")
            .defer_streamfields()
            .search(text, operator="and", order_by_relevance=False),
            date_field,
        )

    return terms, NewestFirstResults(
        newest_first(ArticlePage, "publication_date"),
        newest_first(LicenceEventPage, "announced_on"),
    )


def search_hits(*, pages: list[Page], terms: list[str]) -> list[SearchHit]:
    """Turn one page of search results into hits with snippets, in a fixed number of
    queries: one per page type, plus their prefetches."""
    ids = [p.pk for p in pages]
    article_type = ContentType.objects.get_for_model(ArticlePage)
    articles = {
        a.pk: a
        for a in ArticlePage.objects.listed().with_card_images().filter(pk__in=ids)
    }
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
    # The references as a subquery of the one query (object ids are text there).
    references = (
        ReferenceIndex.get_references_to(event)
        .filter(content_type=ContentType.objects.get_for_model(ArticlePage))
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    articles = pages_visible(
        ArticlePage.objects.all(), hidden=hidden_sections(request=request)
    )
    return list(
        articles.filter(Q(related_events=event) | Q(pk__in=references))
        .distinct()
        .order_by("-publication_date", "-pk")
    )


RELATED_ANALYSIS = 3


def article_related_list(
    *, article, event_ids, request=None, card_renditions=True
) -> list[ArticlePage]:
    """Up to three other articles readers may see that share a topic or a related
    licence event with this one, newest first, with their card images.

    The caller passes the visible related events it already shows, so this is one
    query plus the cards' renditions; with `card_renditions=False` the lead images
    come joined but their renditions are left to the caller (the article page
    reads all of its renditions in one query).
    """
    if article.pk is None:
        return []
    # The topics as a subquery, so the query runs (and costs the same) whether or
    # not the article has any: an empty `__in` list would skip it.
    topics = ArticlePage.topics.through.objects.filter(articlepage_id=article.pk)
    sharing = ArticlePage.objects.filter(
        Q(topics__in=topics.values("topic_id")) | Q(related_events__in=event_ids)
    ).values("pk")
    articles = ArticlePage.objects.listed(request=request)
    if card_renditions:
        articles = articles.with_card_images()
    else:
        articles = articles.select_related("hero_image")
    return list(
        articles.filter(pk__in=sharing).exclude(pk=article.pk)[:RELATED_ANALYSIS]
    )


def article_on_event_materials_list(
    *, event, exclude_ids=(), request=None
) -> list[ArticlePage]:
    """Up to three articles readers may see that discuss other visible events on
    this event's materials, newest first, leaving out `exclude_ids` (the pieces
    the event page already lists as discussing the event itself)."""
    if event.pk is None:
        return []
    events = licence_event_visible(hidden=hidden_sections(request=request)).filter(
        materials__in=Material.objects.filter(events=event).values("pk")
    )
    discussing = ArticlePage.objects.filter(
        related_events__in=events.values("pk")
    ).values("pk")
    return list(
        ArticlePage.objects.listed(request=request)
        .with_card_images()
        .filter(pk__in=discussing)
        .exclude(pk__in=list(exclude_ids))[:RELATED_ANALYSIS]
    )
