"""Reads for readers' comments and the digest: threads, the moderation queue, the
API's comments, and what a week's digest contains."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import FilteredRelation, Q
from wagtail.models import Page

from articles.models import ArticlePage, Highlight
from policy.diff import Change, Transition
from policy.models import LicenceEventPage, OpenQuestion
from policy.selectors.events import licence_event_diff, licence_event_public_queryset
from policy.selectors.questions import (
    open_question_closing_events,
    open_question_public_queryset,
)
from rexchange.publication.visibility import pages_visible

from .models import Comment, PageComments, Subscriber


@dataclass(frozen=True)
class CommentState:
    """Whether a page shows a thread at all, and whether it takes new comments."""

    shown: bool
    open: bool


def comment_state(*, page: Page) -> CommentState:
    """Articles take comments unless an editor closed them; events only when an
    editor opened them; other pages never do."""
    setting = PageComments.objects.filter(page_id=page.pk).first()
    return _state(page, setting.state if setting is not None else None)


def _state(page: Page, setting: str | None) -> CommentState:
    if isinstance(page, ArticlePage) or page.specific_class is ArticlePage:
        shown = True
    elif issubclass(page.specific_class or Page, LicenceEventPage):
        shown = setting is not None
    else:
        return CommentState(shown=False, open=False)
    if not shown:
        return CommentState(shown=False, open=False)
    is_open = setting is None or setting == PageComments.State.OPEN
    return CommentState(shown=True, open=is_open)


def comment_state_and_thread(*, page: Page) -> tuple[CommentState, list[Comment]]:
    """A page's comment state and approved thread (oldest first) in one query: the
    page's row joined to its setting and its approved comments."""
    if page.pk is None:
        return comment_state(page=page), []
    approved = FilteredRelation(
        "reader_comments",
        condition=Q(reader_comments__status=Comment.Status.APPROVED),
    )
    rows = list(
        Page.objects.filter(pk=page.pk)
        .annotate(approved=approved)
        .values(
            "comment_setting__state",
            "approved__id",
            "approved__name",
            "approved__body",
            "approved__created_at",
        )
        .order_by("approved__created_at", "approved__id")
    )
    setting = rows[0]["comment_setting__state"] if rows else None
    state = _state(page, setting)
    if not state.shown:
        return state, []
    thread = [
        Comment(
            id=row["approved__id"],
            page_id=page.pk,
            name=row["approved__name"],
            body=row["approved__body"],
            created_at=row["approved__created_at"],
        )
        for row in rows
        if row["approved__id"] is not None
    ]
    return state, thread


def comment_page_for_posting(*, page_id: int) -> Page | None:
    """The live, public page a reader may comment on, or None."""
    page = pages_visible(Page.objects.all()).filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    return page if comment_state(page=page).open else None


def comment_thread(*, page: Page) -> list[Comment]:
    """A page's approved comments, oldest first."""
    return list(
        Comment.objects.filter(page_id=page.pk, status=Comment.Status.APPROVED).only(
            "id", "name", "body", "created_at", "page_id"
        )
    )


def comment_public_queryset():
    """Approved comments on live, public pages: what the API shows."""
    pages = pages_visible(Page.objects.all()).values("pk")
    return (
        Comment.objects.filter(status=Comment.Status.APPROVED, page_id__in=pages)
        .select_related("page")
        .order_by("-created_at", "-id")
    )


def comment_waiting_queryset():
    """Comments waiting for an editor, oldest first."""
    return (
        Comment.objects.filter(status=Comment.Status.PENDING)
        .select_related("page")
        .order_by("created_at", "id")
    )


# -- the digest -----------------------------------------------------------------


@dataclass(frozen=True)
class DigestEvent:
    """A licence event in a digest: new this period, or changed in it."""

    event: LicenceEventPage
    url: str
    is_new: bool
    transitions: list[Transition]
    material_ids: frozenset[int]


@dataclass(frozen=True)
class DigestHighlight:
    """A highlight in a digest, with its article."""

    text: str
    article_title: str
    url: str
    topic_ids: frozenset[int]


@dataclass(frozen=True)
class DigestAnswer:
    """An open question answered this period: by a later event or by reporting."""

    question: str
    answer: str
    url: str
    material_ids: frozenset[int]


@dataclass
class DigestContent:
    """What a digest period brought, before each subscriber's choices apply."""

    label: str
    highlights: list[DigestHighlight] = field(default_factory=list)
    events: list[DigestEvent] = field(default_factory=list)
    answered: list[DigestAnswer] = field(default_factory=list)

    def for_subscriber(
        self, *, topic_ids: set[int], material_ids: set[int]
    ) -> DigestContent:
        """The part a subscriber asked for; no choice means everything."""
        return DigestContent(
            label=self.label,
            highlights=[
                h for h in self.highlights if not topic_ids or h.topic_ids & topic_ids
            ],
            events=[
                e
                for e in self.events
                if not material_ids or e.material_ids & material_ids
            ],
            answered=[
                a
                for a in self.answered
                if not material_ids or a.material_ids & material_ids
            ],
        )

    @property
    def empty(self) -> bool:
        return not self.highlights and not self.events and not self.answered


def digest_content(
    *, start: dt.datetime, end: dt.datetime, label: str
) -> DigestContent:
    """Highlights first published, and licence events published or republished,
    between `start` and `end`; only what readers may see."""
    highlights = (
        Highlight.objects.filter(
            published_at__gte=start,
            published_at__lt=end,
            article_id__in=ArticlePage.objects.listed().values("pk"),
        )
        .select_related("article")
        .prefetch_related("article__topics")
        .order_by("published_at", "article_id", "position")
    )
    events = (
        licence_event_public_queryset()
        .filter(last_published_at__gte=start, last_published_at__lt=end)
        .order_by("announced_on", "pk")
    )
    content = DigestContent(label=label)
    for h in highlights:
        content.highlights.append(
            DigestHighlight(
                text=h.text,
                article_title=h.article.title,
                url=h.article.get_full_url(),
                topic_ids=frozenset(t.pk for t in h.article.topics.all()),
            )
        )
    for event in events:
        content.events.append(
            DigestEvent(
                event=event,
                url=event.get_full_url(),
                is_new=event.first_published_at is not None
                and event.first_published_at >= start,
                transitions=[
                    t
                    for t in licence_event_diff(event=event)
                    if t.change != Change.SAME
                ],
                material_ids=frozenset(m.pk for m in event.materials.all()),
            )
        )
    content.answered = digest_answered_questions(start=start, end=end)
    return content


def digest_answered_questions(
    *, start: dt.datetime, end: dt.datetime
) -> list[DigestAnswer]:
    """Open questions of visible events answered between `start` and `end`: closed
    by a later event, or answered by reporting."""
    first, last = start.date(), end.date()
    questions = list(
        open_question_public_queryset()
        .filter(
            Q(status=OpenQuestion.Status.ANSWERED, closed_on__gte=first)
            & Q(closed_on__lt=last)
            | Q(answered_on__gte=first, answered_on__lt=last)
        )
        .order_by("pk")
    )
    closing_visible = open_question_closing_events(questions)
    answers = []
    for q in questions:
        by_event = (
            q.closed_by_event if q.closed_by_event_id in closing_visible else None
        )
        if q.answer.strip():
            answer = q.answer.strip()
        elif by_event is not None:
            state = (q.get_closed_state_display() or "").lower()
            answer = f"{by_event.title}: now {state}." if state else by_event.title
        else:
            continue  # answered by an event readers may not see yet
        answers.append(
            DigestAnswer(
                question=q.question,
                answer=answer,
                url=(by_event or q.event).get_full_url(),
                material_ids=frozenset(m.pk for m in q.event.materials.all()),
            )
        )
    return answers


def subscriber_weekly_queryset():
    """Subscribers who take the weekly digest and may be written to."""
    return (
        Subscriber.objects.filter(
            weekly_digest=True, unsubscribed_at__isnull=True, suppressed_at__isnull=True
        )
        .prefetch_related("topics", "materials")
        .order_by("pk")
    )


def subscriber_alert_queryset(*, material_ids: set[int]):
    """Subscribers who asked for immediate alerts on any of these materials (or on
    every material)."""
    subscribers = Subscriber.objects.filter(
        event_alerts=True, unsubscribed_at__isnull=True, suppressed_at__isnull=True
    ).prefetch_related("materials")
    return [
        s
        for s in subscribers.order_by("pk")
        if not {m.pk for m in s.materials.all()}
        or {m.pk for m in s.materials.all()} & material_ids
    ]
