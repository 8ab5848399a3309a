"""Which inbox reports may answer an open question: those whose text names a
material and a dimension of a question still open on one of its events.

A hint, not a verdict: words are matched case-insensitively anywhere in the title,
summary or text, so editors see these reports first and judge for themselves.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, Value, When

from policy.questions import QuestionStatus

from .questions import open_question_visible

# The words reporting uses for each dimension, singular stems where they help.
DIMENSION_WORDS: dict[str, tuple[str, ...]] = {
    "exporters": ("exporter", "companies", "firms"),
    "products": ("product",),
    "volumes": ("volume", "quantit", "tonnes"),
    "destinations": ("destination",),
    "duration": ("duration", "validity", "valid for", "expire"),
    "procedure": ("procedure",),
    "scope": ("scope",),
    "legal_basis": ("legal basis",),
}
FIELDS = ("title", "summary", "text")


def open_question_topics() -> dict[str, set[str]]:
    """Material names with the dimensions of questions still open on their events
    (one query)."""
    rows = (
        open_question_visible()
        .filter(status=QuestionStatus.OPEN)
        .values_list("event__materials__name", "dimension")
        .distinct()
    )
    topics: dict[str, set[str]] = {}
    for name, dimension in rows:
        if name and dimension in DIMENSION_WORDS:
            topics.setdefault(name, set()).add(dimension)
    return topics


def _mentions(word: str) -> Q:
    q = Q()
    for field in FIELDS:
        q |= Q(**{f"{field}__icontains": word})
    return q


def report_may_answer_condition(topics: dict[str, set[str]]) -> Q | None:
    """A filter for reports naming a material and one of its open dimensions."""
    condition = None
    for name, dimensions in sorted(topics.items()):
        words = Q()
        for dimension in sorted(dimensions):
            for word in DIMENSION_WORDS[dimension]:
                words |= _mentions(word)
        term = _mentions(name) & words
        condition = term if condition is None else condition | term
    return condition


def report_with_question_hints(queryset):
    """Reports annotated with `may_answer`, those that may answer an open question
    first (then newest first)."""
    condition = report_may_answer_condition(open_question_topics())
    if condition is None:
        flag = Value(False, output_field=BooleanField())
    else:
        flag = Case(
            When(condition, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    return queryset.annotate(may_answer=flag).order_by(
        "-may_answer", "-first_seen_at", "-pk"
    )


def question_hints_in_text(text: str, topics: dict[str, set[str]]) -> list[tuple]:
    """The (material, dimension) pairs a text may answer, for showing why."""
    lowered = (text or "").lower()
    return [
        (name, dimension)
        for name, dimensions in sorted(topics.items())
        if name.lower() in lowered
        for dimension in sorted(dimensions)
        if any(word in lowered for word in DIMENSION_WORDS[dimension])
    ]
