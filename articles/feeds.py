"""RSS 2.0 and Atom feeds: all analysis, per topic, per material, and licence events.

Built on Django's syndication framework, which writes valid RSS and Atom. Items come
from the discovery selectors, so feeds carry only live, public content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from policy.models import Material
from policy.selectors.tracker import material_page_url, policy_tracker_visible
from rexchange.publication.absolute_urls import absolute_url
from rexchange.publication.models import PublicationSettings

from .models import Topic
from .selectors import article_listed_queryset, licence_event_listed_queryset

FEED_ITEMS = 20


@dataclass
class FeedEntry:
    """One feed item, the same shape whether it is an article or an event."""

    title: str
    description: str
    link: str
    published: dt.datetime
    updated: dt.datetime | None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


@dataclass
class FeedContext:
    """What one feed request is about: the request, publication name and subject."""

    request: HttpRequest
    publication: str
    subject: object = None


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def article_entry(article, request) -> FeedEntry:
    """A feed item for an article (bylines and topics must be prefetched)."""
    return FeedEntry(
        title=article.title,
        description=article.dek,
        link=article.get_full_url(request),
        published=_midnight(article.publication_date),
        updated=article.last_published_at,
        authors=[b.author.name for b in article.bylines.all()],
        categories=[t.name for t in article.topics.all()],
    )


def event_entry(event, request) -> FeedEntry:
    """A feed item for a licence event (materials must be prefetched)."""
    return FeedEntry(
        title=event.title,
        description=event.summary,
        link=event.get_full_url(request),
        published=_midnight(event.announced_on),
        updated=event.last_published_at,
        authors=[str(event.regulator)],
        categories=[
            event.get_event_type_display(),
            *(m.name for m in event.materials.all()),
        ],
    )


class _EntryFeed(Feed):
    """Shared item plumbing: every subclass's items() returns FeedEntry objects."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        settings = PublicationSettings.for_request(request)
        return FeedContext(request=request, publication=settings.publication_name)

    def link(self, obj: FeedContext) -> str:
        # Absolute here, so the framework does not prefix the request's Host.
        return absolute_url(self.link_path(obj), request=obj.request)

    def feed_url(self, obj: FeedContext) -> str:
        return absolute_url(obj.request.path, request=obj.request)

    def link_path(self, obj: FeedContext) -> str:
        """The page the feed follows."""
        return "/"

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_description(self, item: FeedEntry) -> str:
        return item.description

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_pubdate(self, item: FeedEntry) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: FeedEntry) -> dt.datetime:
        return item.updated or item.published

    def item_author_name(self, item: FeedEntry) -> str | None:
        return ", ".join(item.authors) or None

    def item_categories(self, item: FeedEntry) -> list[str]:
        return item.categories


class AnalysisFeed(_EntryFeed):
    """All analysis, newest first (RSS 2.0)."""

    def title(self, obj: FeedContext) -> str:
        return f"{obj.publication}: analysis"

    def description(self, obj: FeedContext) -> str:
        return "Our latest analysis of rare-earth and critical-mineral policy."

    def link_path(self, obj: FeedContext) -> str:
        return "/"

    def items(self, obj: FeedContext) -> list[FeedEntry]:
        return [
            article_entry(a, obj.request)
            for a in article_listed_queryset()[:FEED_ITEMS]
        ]


class AnalysisAtomFeed(AnalysisFeed):
    """All analysis, newest first (Atom)."""

    feed_type = Atom1Feed
    subtitle = AnalysisFeed.description


class TopicFeed(_EntryFeed):
    """Analysis filed under one topic (RSS 2.0)."""

    def get_object(self, request, slug: str):
        context = super().get_object(request)
        context.subject = get_object_or_404(Topic, slug=slug)
        return context

    def title(self, obj: FeedContext) -> str:
        return f"{obj.publication}: {obj.subject.name}"

    def description(self, obj: FeedContext) -> str:
        return obj.subject.description or f"Analysis filed under {obj.subject.name}."

    def link_path(self, obj: FeedContext) -> str:
        return reverse("topic", args=(obj.subject.slug,))

    def items(self, obj: FeedContext) -> list[FeedEntry]:
        articles = article_listed_queryset(topic=obj.subject)[:FEED_ITEMS]
        return [article_entry(a, obj.request) for a in articles]


class TopicAtomFeed(TopicFeed):
    """Analysis filed under one topic (Atom)."""

    feed_type = Atom1Feed
    subtitle = TopicFeed.description


class MaterialFeed(_EntryFeed):
    """Licence events on one material and the analysis discussing them (RSS 2.0)."""

    def get_object(self, request, slug: str):
        context = super().get_object(request)
        context.subject = get_object_or_404(Material, slug=slug)
        return context

    def title(self, obj: FeedContext) -> str:
        return f"{obj.publication}: {obj.subject.name}"

    def description(self, obj: FeedContext) -> str:
        return f"Licence events on {obj.subject.name} and our analysis of them."

    def link_path(self, obj: FeedContext) -> str:
        tracker = policy_tracker_visible(request=obj.request)
        if tracker is None:
            return reverse("materials")
        return material_page_url(
            material=obj.subject, tracker=tracker, request=obj.request
        )

    def items(self, obj: FeedContext) -> list[FeedEntry]:
        material = obj.subject
        entries = [
            *(
                article_entry(a, obj.request)
                for a in article_listed_queryset(material=material)[:FEED_ITEMS]
            ),
            *(
                event_entry(e, obj.request)
                for e in licence_event_listed_queryset(material=material)[:FEED_ITEMS]
            ),
        ]
        entries.sort(key=lambda e: e.published, reverse=True)
        return entries[:FEED_ITEMS]


class MaterialAtomFeed(MaterialFeed):
    """Licence events on one material and the analysis discussing them (Atom)."""

    feed_type = Atom1Feed
    subtitle = MaterialFeed.description


class LicenceEventFeed(_EntryFeed):
    """Every licence event in the policy record, newest first (RSS 2.0)."""

    def title(self, obj: FeedContext) -> str:
        return f"{obj.publication}: licence events"

    def description(self, obj: FeedContext) -> str:
        return "Licence and export-control events, each with what it changed."

    def items(self, obj: FeedContext) -> list[FeedEntry]:
        events = licence_event_listed_queryset()[:FEED_ITEMS]
        return [event_entry(e, obj.request) for e in events]


class LicenceEventAtomFeed(LicenceEventFeed):
    """Every licence event in the policy record, newest first (Atom)."""

    feed_type = Atom1Feed
    subtitle = LicenceEventFeed.description
