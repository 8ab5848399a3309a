"""Read citations from stored StreamField JSON without touching the database.

Pure code, shared by the highlight read model and the API: a citation is a label,
a URL, a licence event id and a report id, any of which may be missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def citation_from_raw(item) -> dict | None:
    """One stored citation as {label, url, event, report}, or None if unreadable."""
    # ListBlock items are stored as {"type": "item", "value": {...}, "id": ...};
    # content saved before that format stores the value itself.
    if isinstance(item, Mapping) and item.get("type") == "item" and "value" in item:
        item = item["value"]
    if not isinstance(item, Mapping):
        return None
    return {
        "label": str(item.get("label") or ""),
        "url": str(item.get("url") or ""),
        "event": _int_or_none(item.get("event")),
        "report": _int_or_none(item.get("report")),
    }


def citations_from_raw(items: Iterable | None) -> list[dict]:
    """A stored list of citations, normalized; unreadable items are dropped."""
    found = (citation_from_raw(item) for item in items or [])
    return [c for c in found if c is not None]


def facts_with_citations(raw_stream: Iterable[Mapping]) -> list[dict]:
    """An event's stored facts as {id, dimension, state, statement, citations}."""
    facts = []
    for child in raw_stream or []:
        if not isinstance(child, Mapping) or child.get("type") != "fact":
            continue
        value = child.get("value") or {}
        facts.append(
            {
                "id": str(child.get("id") or ""),
                "dimension": str(value.get("dimension") or "other"),
                "state": str(value.get("state") or "undisclosed"),
                "statement": str(value.get("statement") or ""),
                "citations": citations_from_raw(value.get("citations")),
            }
        )
    return facts


def citation_key(citation: Mapping) -> tuple:
    """What makes two citations the same: the same link, event and report.

    Works on stored citations (ids) and on block values (chosen objects) alike.
    """

    def pk(value):
        return getattr(value, "pk", value)

    return (
        citation.get("url") or "",
        pk(citation.get("event")),
        pk(citation.get("report")),
    )


def citations_distinct(citations: Iterable[Mapping]) -> list:
    """Each citation once, in order of first appearance."""
    seen: set[tuple] = set()
    out = []
    for citation in citations:
        key = citation_key(citation)
        if key not in seen:
            seen.add(key)
            out.append(citation)
    return out
