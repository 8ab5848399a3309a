"""Reads of open questions: what readers may see, for the page, the feed and the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from policy.models import Material, OpenQuestion
from policy.questions import QuestionStatus

from .visibility import hidden_sections, licence_event_visible

FEED_ITEMS = 20
ANSWERED_SHOWN = 50


def open_question_visible(*, hidden: Q | None = None):
    """Questions of live, public events: the only ones readers may see."""
    return OpenQuestion.objects.filter(
        event__in=licence_event_visible(hidden=hidden).values("pk")
    )


def open_question_public_queryset(*, hidden: Q | None = None):
    """Visible questions with what listings show joined or prefetched."""
    return (
        open_question_visible(hidden=hidden)
        .select_related(
            "event",
            "event__regulator",
            "closed_by_event",
            "answered_by_report__source",
            "answered_by_annotation__report__source",
        )
        .prefetch_related(
            Prefetch("event__materials", queryset=Material.objects.order_by("name"))
        )
        .order_by("first_undisclosed_on", "pk")
    )


def open_question_closing_events(questions, *, hidden: Q | None = None) -> set[int]:
    """Which of the questions' closing events readers may see (one query)."""
    ids = {q.closed_by_event_id for q in questions if q.closed_by_event_id}
    if not ids:
        return set()
    return set(
        licence_event_visible(hidden=hidden)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class QuestionsPage:
    """What "What we still don't know" shows."""

    open: list[OpenQuestion]
    answered: list[OpenQuestion]
    materials: list[Material]  # materials with open questions, with `open_count`
    material: Material | None
    public_closing: set[int]


def open_question_page(*, query: Mapping, request=None) -> QuestionsPage:
    """Open questions oldest first (optionally for one material, `?material=`), the
    materials that have any, and the most recently answered ones."""
    hidden = hidden_sections(request=request)
    visible = open_question_public_queryset(hidden=hidden)
    slug = query.get("material") or ""
    material = Material.objects.filter(slug=slug).first() if slug else None
    if material is not None:
        visible = visible.filter(event__materials=material)
    open_ = list(visible.filter(status=QuestionStatus.OPEN))
    # Whether readers may follow each answer's closing event, asked in the same
    # query, so the page costs the same whatever closed the questions.
    closing_public = Exists(
        licence_event_visible(hidden=hidden).filter(pk=OuterRef("closed_by_event_id"))
    )
    answered = list(
        visible.filter(status=QuestionStatus.ANSWERED)
        .annotate(closing_public=closing_public)
        .order_by("-closed_on", "-pk")[:ANSWERED_SHOWN]
    )
    open_ids = open_question_visible(hidden=hidden).filter(status=QuestionStatus.OPEN)
    materials = list(
        Material.objects.annotate(
            open_count=Count(
                "events__open_questions",
                filter=Q(events__open_questions__in=open_ids.values("pk")),
                distinct=True,
            )
        )
        .filter(open_count__gt=0)
        .order_by("name")
    )
    return QuestionsPage(
        open=open_,
        answered=answered,
        materials=materials,
        material=material,
        public_closing={q.closed_by_event_id for q in answered if q.closing_public},
    )


def open_question_feed_items(*, limit: int = FEED_ITEMS) -> list[OpenQuestion]:
    """Questions most recently opened, carried on or answered, newest first."""
    return list(
        open_question_public_queryset()
        .exclude(status=QuestionStatus.CARRIED)
        .order_by("-updated_at", "-pk")[:limit]
    )
