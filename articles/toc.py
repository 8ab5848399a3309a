"""Stable, unique anchors for section headings (pure code, no Django models)."""

from django.utils.text import slugify


def heading_anchors(texts: list[str]) -> list[str]:
    """Give each heading an anchor that is valid, unique in the page and stable.

    Anchors come from the text (Unicode letters kept, so Chinese headings read as
    Chinese); a heading of only punctuation falls back to its position. A repeated
    heading gets a numeric suffix, so the first occurrence keeps the plain anchor.
    """
    anchors: list[str] = []
    seen: set[str] = set()
    for position, text in enumerate(texts, start=1):
        base = slugify(text or "", allow_unicode=True) or f"section-{position}"
        if base[0].isdigit():
            # Anchors may start with a digit in HTML5, but CSS selectors may not.
            base = f"s-{base}"
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        anchors.append(anchor)
    return anchors
