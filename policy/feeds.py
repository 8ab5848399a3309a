"""The open-questions feed: a question opened or answered is an item (RSS 2.0)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from policy.models import OpenQuestion, PolicyTrackerPage
from policy.questions import QuestionStatus
from policy.selectors.questions import open_question_feed_items
from rexchange.publication.absolute_urls import absolute_url


@dataclass(frozen=True)
class _FeedUrls:
    page: str
    feed: str


class OpenQuestionsFeed(Feed):
    """Questions most recently opened or answered, newest first."""

    feed_type = Rss201rev2Feed
    title = "What we still don't know"
    description = (
        "Facts regulators have left undisclosed, as questions, and how each was "
        "answered."
    )

    # One Feed instance serves every request (and thread): what depends on the
    # request travels in the object get_object returns, never on the instance.
    def get_object(self, request, *args, **kwargs) -> _FeedUrls:
        tracker = PolicyTrackerPage.objects.live().first()
        path = f"{tracker.get_url(request)}questions/" if tracker is not None else "/"
        # Absolute here, so the framework does not prefix the request's Host.
        return _FeedUrls(
            page=absolute_url(path, request=request),
            feed=absolute_url(request.path, request=request),
        )

    def link(self, obj: _FeedUrls) -> str:
        return obj.page

    def feed_url(self, obj: _FeedUrls) -> str:
        return obj.feed

    def items(self, obj: _FeedUrls) -> list[OpenQuestion]:
        items = open_question_feed_items()
        for item in items:
            item.feed_link = f"{obj.page}#question-{item.pk}"
        return items

    def item_title(self, item: OpenQuestion) -> str:
        prefix = "Answered" if item.status == QuestionStatus.ANSWERED else "Open"
        return f"{prefix}: {item.question}"

    def item_description(self, item: OpenQuestion) -> str:
        since = f"Undisclosed since {item.first_undisclosed_on:%d %B %Y}."
        if item.status == QuestionStatus.ANSWERED:
            state = item.get_closed_state_display().lower()
            how = item.answer or f"A later event records it as {state}."
            return f"{item.event.title}. {since} Answered: {how}"
        return f"{item.event.title}. {since} {item.statement}".strip()

    def item_link(self, item: OpenQuestion) -> str:
        return item.feed_link

    def item_guid(self, item: OpenQuestion) -> str:
        # A new guid when a question is answered, so readers see the answer.
        return f"{self.item_link(item)}-{item.status}"

    def item_pubdate(self, item: OpenQuestion) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: OpenQuestion) -> list[str]:
        return [
            item.get_dimension_display(),
            *(m.name for m in item.event.materials.all()),
        ]
