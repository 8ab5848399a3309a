"""RSS 2.0, RSS 1.0 (RDF) and Atom bytes into FeedEntry dataclasses."""

from __future__ import annotations

import html
import io
import re
import time
import xml.sax
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from .decode import clean_text, decode_bytes
from .encoding_gate import gate_text
from .entries import FeedEntry, ParsedFeed
from .errors import ParseError
from .normalize import (
    canonical_url,
    content_hash,
    html_to_text,
    sanitize_html,
    summarize,
)

__all__ = ["NotAFeed", "parse_feed", "refuse_entity_declarations"]

# feedparser keeps entity declarations of this shape (a name and a literal, or a
# single character reference): nothing in them can expand or reach outside.
_SAFE_ENTITY = re.compile(
    r"""<!ENTITY\s+\w+\s+(?:"(?:&#\w+;|[^"&%<]*)"|'(?:&#\w+;|[^'&%<]*)')\s*>"""
)
_ANY_ENTITY = re.compile(r"<!ENTITY\b[^>]*>?", re.IGNORECASE)
_XML_ENCODING = re.compile(
    r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Numeric character references, which feedparser turns into characters itself.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


class NotAFeed(ParseError):
    """The bytes are not RSS, RSS 1.0 or Atom at all (maybe an HTML page)."""


def refuse_entity_declarations(text: str, *, kind: str = "feed") -> None:
    """Raise ParseError if a document declares XML entities that could expand."""
    # Billion-laughs and external-entity (file:///etc/passwd) documents both need
    # entity declarations; refusing them up front means no parser ever sees one.
    for match in _ANY_ENTITY.finditer(text):
        if not _SAFE_ENTITY.fullmatch(match.group(0)):
            raise ParseError(
                f"malformed {kind}: it declares XML entities, which are never loaded"
            )


def parse_feed(
    content: bytes, *, url: str, content_type: str | None = None
) -> ParsedFeed:
    """Parse feed bytes fetched from `url` into sanitized, normalized entries."""
    decoded = decode_bytes(content, content_type=content_type)
    refuse_entity_declarations(decoded.text)
    text = _CHAR_REF.sub(_drop_unstorable_reference, decoded.text)
    # Hand feedparser UTF-8 and say so everywhere, so its own charset rules
    # (RFC 3023's us-ascii default for text/xml) cannot override ours.
    data = _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")
    # Bytes wrapped in a stream: given a str or bytes, feedparser may treat the
    # value as a URL to fetch or a local file name to open.
    # No content-location on purpose: with a base URL feedparser also "resolves"
    # RSS guids ("item-42" becomes "https://host/feeds/item-42"), so every guid
    # would change when the feed moves. Relative links are resolved below and in
    # sanitize_html instead, against xml:base where there is one.
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    version = parsed.get("version") or ""
    raw_entries = parsed.get("entries") or []
    problem = _bozo_reason(parsed) if parsed.get("bozo") else None
    if not raw_entries:
        if not version:
            raise NotAFeed(f"not a feed: {problem or 'no RSS or Atom elements found'}")
        if problem:
            raise ParseError(f"malformed feed: {problem}")
    warnings: list[str] = []
    if problem:
        warnings.append(
            f"feed has errors; kept the items that could be read ({problem})"
        )
    channel = parsed.get("feed") or {}
    feed_language = _language(channel.get("language"))
    built = [
        _entry(raw, feed_url=url, feed_language=feed_language) for raw in raw_entries
    ]
    # A broken feed can leave items with nothing in them; there is nothing to review.
    entries = tuple(e for e in built if e.title or e.url or e.text)
    if len(entries) < len(built):
        warnings.append(f"skipped {len(built) - len(entries)} empty item(s)")
    return ParsedFeed(
        format=version or "unknown",
        title=_plain(channel.get("title_detail"), channel.get("title")) or None,
        link=_canonical_or_none(channel.get("link"), base=url),
        language=feed_language,
        entries=entries,
        warnings=tuple(clean_text(w) for w in warnings),
    )


def _drop_unstorable_reference(match: re.Match[str]) -> str:
    """Remove a reference to a surrogate, NUL or a non-character; keep the rest."""
    # feedparser's loose parser raises UnicodeEncodeError on &#xD800; (one bad
    # item would sink the whole feed), and PostgreSQL refuses NUL anyway.
    hex_digits, decimal = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return ""
    return match.group(0)


def _entry(raw: Any, *, feed_url: str, feed_language: str | None) -> FeedEntry:
    body, body_detail = _body(raw)
    base = urljoin(feed_url, (body_detail or {}).get("base") or "")
    url = _canonical_or_none(raw.get("link"), base=feed_url)

    title = gate_text(_plain(raw.get("title_detail"), raw.get("title")))
    author = gate_text(_author(raw))
    gated_body = gate_text(body)
    sanitized = sanitize_html(gated_body.text, base_url=base)
    text = html_to_text(sanitized)
    summary_html = raw.get("summary") or ""
    summary = gate_text(
        html_to_text(sanitize_html(summary_html, base_url=base)) if summary_html else ""
    )
    language = (
        _language((body_detail or {}).get("language"))
        or _language((raw.get("summary_detail") or {}).get("language"))
        or _language((raw.get("title_detail") or {}).get("language"))
        or feed_language
    )
    return FeedEntry(
        guid=(raw.get("id") or "").strip() or None,
        url=url,
        title=title.text,
        author=author.text or None,
        published_at=_timestamp(raw),
        summary=summary.text or summarize(text, title=title.text),
        sanitized_html=sanitized,
        text=text,
        language=language,
        content_hash=content_hash(title=title.text, text=text),
        encoding_suspect=any(
            part.suspect for part in (title, author, gated_body, summary)
        ),
    )


def _body(raw: Any) -> tuple[str, dict[str, Any] | None]:
    """The fullest HTML body of an entry: content over summary, HTML over text."""
    contents = raw.get("content") or []
    ranked = sorted(
        contents,
        key=lambda c: (
            str(c.get("type", "")).lower() in _HTML_TYPES,
            len(c.get("value") or ""),
        ),
        reverse=True,
    )
    for detail in ranked:
        value = detail.get("value") or ""
        if value.strip():
            return _as_html(value, detail.get("type")), detail
    detail = raw.get("summary_detail")
    return _as_html(raw.get("summary") or "", (detail or {}).get("type")), detail


def _as_html(value: str, content_type: str | None) -> str:
    if (content_type or "text/html").lower() in _HTML_TYPES:
        return value
    paragraphs = [p.strip() for p in value.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _plain(detail: Any, value: Any) -> str:
    """A title-like field as plain text, whatever type the feed declared."""
    if not value:
        return ""
    content_type = ((detail or {}).get("type") or "text/plain").lower()
    if content_type in _HTML_TYPES:
        return " ".join(html_to_text(str(value)).split())
    return " ".join(str(value).split())


def _author(raw: Any) -> str:
    detail = raw.get("author_detail") or {}
    name = detail.get("name") or raw.get("author") or ""
    return " ".join(html.unescape(str(name)).split())


def _timestamp(raw: Any) -> datetime | None:
    # feedparser normalizes every date format it knows to a UTC struct_time.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except ValueError:
                continue
    return None


def _canonical_or_none(link: Any, *, base: str) -> str | None:
    if not link:
        return None
    try:
        return canonical_url(urljoin(base, str(link).strip()))
    except ValueError:
        return None


def _language(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    tag = value.strip().replace("_", "-").lower()
    return tag if re.fullmatch(r"[a-z]{1,8}(?:-[a-z0-9]{1,8})*", tag) else None


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}"
    text = str(exc or "").strip()
    return text.splitlines()[0] if text else "the feed is not well-formed"
