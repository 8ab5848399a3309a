"""Template helpers for the policy record's reader pages."""

from __future__ import annotations

from django import template

from policy.diff import Transition, unmoved_by_state

register = template.Library()


@register.filter
def unmoved(transitions: list[Transition]) -> list[tuple[str, list[str]]]:
    """The dimensions that stayed as they were, one line per state."""
    return unmoved_by_state(transitions)


@register.filter
def any_moved(transitions: list[Transition]) -> bool:
    """Whether any dimension moved, so the page can say when nothing did."""
    return any(t.moved for t in transitions)
