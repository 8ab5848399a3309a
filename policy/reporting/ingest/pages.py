"""An HTML article page into one FeedEntry, with trafilatura finding the article."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import trafilatura

from .decode import decode_bytes
from .encoding_gate import gate_text
from .entries import FeedEntry
from .feeds import raw_hash
from .limits import refuse_entity_declarations
from .normalize import (
    canonical_url,
    content_hash,
    html_to_text,
    sanitize_html,
    summarize,
)

__all__ = ["MIN_ARTICLE_CHARS", "parse_page"]

# Below this much text trafilatura has found navigation or a cookie banner, not
# an article ("Home | Analysis | Subscribe" is still "text" to it).
MIN_ARTICLE_CHARS = 150
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*)""",
    re.IGNORECASE,
)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def parse_page(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    min_chars: int = MIN_ARTICLE_CHARS,
) -> FeedEntry | None:
    """Extract the article of an HTML page fetched from `url`; None if it has none."""
    decoded = decode_bytes(content, content_type=content_type)
    refuse_entity_declarations(decoded.text)
    # trafilatura is handed the decoded string and never a URL, so it has
    # nothing to fetch; `url` only labels the document.
    document = trafilatura.bare_extraction(
        decoded.text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": _DATE_FORMAT,
        },
    )
    if document is None or len((document.text or "").strip()) < min_chars:
        return None
    article_html = trafilatura.extract(
        decoded.text,
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_links=True,
        include_formatting=True,
    )
    title = gate_text(" ".join((document.title or "").split()))
    author = gate_text(" ".join((document.author or "").split()))
    body = gate_text(article_html or "")
    sanitized = sanitize_html(body.text, base_url=url)
    text = html_to_text(sanitized) or (document.text or "").strip()
    if len(text) < min_chars:
        return None
    description = gate_text(" ".join((document.description or "").split()))
    try:
        page_url: str | None = canonical_url(url)
    except ValueError:
        page_url = None
    language = _HTML_LANG.search(decoded.text[:8192])
    return FeedEntry(
        guid=None,
        # The fetched address, not the page's own <link rel=canonical>: a page
        # could claim to be any other site's article.
        url=page_url,
        title=title.text,
        author=author.text or None,
        published_at=_published(document.date),
        summary=description.text or summarize(text, title=title.text),
        sanitized_html=sanitized,
        text=text,
        language=language.group(1).replace("_", "-").lower() if language else None,
        content_hash=content_hash(title=title.text, text=text),
        encoding_suspect=any(
            part.suspect for part in (title, author, body, description)
        ),
        raw_hash=raw_hash(content),
    )


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, _DATE_FORMAT).astimezone(UTC)
    except ValueError:
        pass
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
