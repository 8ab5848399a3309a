"""Pure text helpers for site search: clean the query, cut a snippet around a match.

No Django models here: these work on plain strings and raw StreamField data, so they
are cheap to test and cost no queries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_TERM_CHARS = 40
SNIPPET_CHARS = 220

_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
# Raw StreamField keys whose values are not reader-facing prose.
_NON_TEXT_KEYS = {"type", "id", "url", "level", "dimension", "state", "event", "report"}


def search_terms(raw: str | None) -> list[str]:
    """The words of a reader's query, lower-cased and bounded.

    Punctuation, operators and search-engine syntax are dropped, so whatever was typed
    reaches the search backend as plain words, and a 10,000-character paste costs no
    more than a short query.
    """
    words = _WORD.findall((raw or "")[:MAX_QUERY_CHARS].lower())
    return [w[:MAX_TERM_CHARS] for w in words][:MAX_TERMS]


def stream_texts(raw: object) -> Iterator[str]:
    """Reader-facing strings inside raw StreamField data, in document order."""
    if isinstance(raw, str):
        text = " ".join(html.unescape(_TAG.sub(" ", raw)).split())
        if text:
            yield text
    elif isinstance(raw, Mapping):
        for key, value in raw.items():
            if key not in _NON_TEXT_KEYS:
                yield from stream_texts(value)
    elif isinstance(raw, Iterable):
        # Lists, and StreamField's RawDataView, which is a sequence but not a list.
        for item in raw:
            yield from stream_texts(item)


def search_snippet(
    texts: Iterable[str], terms: list[str], *, width: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[str, bool]]]:
    """A window of text around the first matching term, split into (text, is_match).

    Returns the full snippet and its parts so a template can wrap matches in <mark>
    without marking anything safe. Without a match, the first text is used.
    """
    texts = [t for t in texts if t]
    if not texts:
        return "", []
    pattern = (
        re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        if terms
        else None
    )
    chosen, start = texts[0], 0
    if pattern is not None:
        for text in texts:
            match = pattern.search(text)
            if match:
                chosen = text
                start = max(0, match.start() - width // 3)
                break
    end = min(len(chosen), start + width)
    # Cut at word boundaries so no word is sliced in half.
    if start > 0:
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(chosen):
        space = chosen.rfind(" ", start, end)
        end = space if space > start else end
    window = chosen[start:end]
    snippet = ("… " if start > 0 else "") + window + (" …" if end < len(chosen) else "")
    if pattern is None:
        return snippet, [(snippet, False)]
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(snippet):
        if match.start() > last:
            parts.append((snippet[last : match.start()], False))
        parts.append((match.group(0), True))
        last = match.end()
    if last < len(snippet):
        parts.append((snippet[last:], False))
    return snippet, parts
