"""URL in, deduplicated FeedEntry list out: fetch, sniff, parse, normalize, dedupe."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from .decode import decode_bytes
from .dedupe import dedupe_entries
from .entries import FeedEntry, ParsedFeed
from .errors import ParseError
from .feeds import KnownRaw, NotAFeed, parse_feed, raw_hash
from .http import FetchOptions, fetch
from .limits import bounded_parse
from .pages import parse_page

__all__ = [
    "NO_CONTENT",
    "FetchResult",
    "Kind",
    "fetch_and_parse",
    "parse_content",
    "sniff_kind",
]

Kind = Literal["auto", "rss", "atom", "html"]
KINDS: frozenset[str] = frozenset({"auto", "rss", "atom", "html"})
NO_CONTENT = "not a feed and no article text found"

_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf", "channel"})
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
    | {"application/xml", "text/xml", "application/x-rss+xml"}
)
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_PROLOG = re.compile(
    r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S | re.I
)
_ROOT = re.compile(r"<([A-Za-z_][\w:.-]*)")
_FORMAT_NAMES = {"rss": "RSS", "atom": "Atom"}


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchResult:
    """What one ingest of a source produced, for the Django service to store."""

    url: str
    final_url: str
    status: int
    not_modified: bool
    etag: str | None
    last_modified: str | None
    format: str | None
    title: str | None
    entries: tuple[FeedEntry, ...]
    warnings: tuple[str, ...] = ()
    # Items whose raw hash was already stored: read before, unchanged since.
    unchanged: int = 0


def sniff_kind(
    content: bytes, *, content_type: str | None = None
) -> Literal["feed", "page", "unknown"]:
    """Guess feed or page from the root element, then from the Content-Type."""
    # The root element wins: servers label feeds text/html or text/plain often
    # enough that the header is only a tie-breaker.
    head = decode_bytes(content[:4096]).text
    root = _ROOT.search(_PROLOG.sub("", head))
    name = root.group(1).lower() if root else ""
    if name in _FEED_ROOTS:
        return "feed"
    if name == "html":
        return "page"
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in _PAGE_TYPES:
        return "page"
    if mime in _FEED_TYPES:
        return "feed"
    return "unknown"


def parse_content(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    kind: Kind = "auto",
    known_raw: KnownRaw | None = None,
) -> ParsedFeed:
    """Parse fetched bytes as the given kind (or sniff it) and dedupe the entries."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    with bounded_parse():
        return _parse(
            content, url=url, content_type=content_type, kind=kind, known_raw=known_raw
        )


def _parse(
    content: bytes,
    *,
    url: str,
    content_type: str | None,
    kind: Kind,
    known_raw: KnownRaw | None,
) -> ParsedFeed:
    if kind in ("rss", "atom"):
        parsed = parse_feed(
            content, url=url, content_type=content_type, known_raw=known_raw
        )
        expected = _FORMAT_NAMES[kind]
        if not parsed.format.startswith(kind):
            warning = f"expected {expected}, found {parsed.format} (parsed anyway)"
            parsed = dataclasses.replace(parsed, warnings=(*parsed.warnings, warning))
    elif kind == "html":
        parsed = _page(content, url=url, content_type=content_type, known_raw=known_raw)
        if parsed is None:
            raise ParseError("no article text found on the page")
    else:
        parsed = _auto(content, url=url, content_type=content_type, known_raw=known_raw)
    entries, warnings = dedupe_entries(parsed.entries)
    return dataclasses.replace(
        parsed, entries=tuple(entries), warnings=(*parsed.warnings, *warnings)
    )


def fetch_and_parse(
    url: str,
    *,
    kind: Kind = "auto",
    etag: str | None = None,
    last_modified: str | None = None,
    options: FetchOptions | None = None,
    known_raw: KnownRaw | None = None,
) -> FetchResult:
    """Fetch a source through the guarded client and parse what came back."""
    # Raises the FetchError family for the wire, ParseError for the content.
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    response = fetch(url, options=options, etag=etag, last_modified=last_modified)
    if response.not_modified:
        return FetchResult(
            url=url,
            final_url=response.url,
            status=response.status,
            not_modified=True,
            # A 304 may omit validators; the ones we sent are still current.
            etag=response.etag or etag,
            last_modified=response.last_modified or last_modified,
            format=None,
            title=None,
            entries=(),
        )
    parsed = parse_content(
        response.content,
        url=response.url,
        content_type=response.content_type,
        kind=kind,
        known_raw=known_raw,
    )
    warnings = list(parsed.warnings)
    if response.redirects:
        warnings.append(
            f"followed {len(response.redirects)} redirect(s) to {response.url}"
        )
    return FetchResult(
        url=url,
        final_url=response.url,
        status=response.status,
        not_modified=False,
        etag=response.etag,
        last_modified=response.last_modified,
        format=parsed.format,
        title=parsed.title,
        entries=parsed.entries,
        warnings=tuple(warnings),
        unchanged=parsed.unchanged,
    )


def _auto(
    content: bytes, *, url: str, content_type: str | None, known_raw: KnownRaw | None
) -> ParsedFeed:
    if sniff_kind(content, content_type=content_type) != "page":
        try:
            return parse_feed(
                content, url=url, content_type=content_type, known_raw=known_raw
            )
        except NotAFeed:
            pass
    parsed = _page(content, url=url, content_type=content_type, known_raw=known_raw)
    if parsed is None:
        raise ParseError(NO_CONTENT)
    return parsed


def _page(
    content: bytes, *, url: str, content_type: str | None, known_raw: KnownRaw | None
) -> ParsedFeed | None:
    digest = raw_hash(content)
    if known_raw is not None and digest in known_raw([digest]):
        # The same bytes as last time: the article is already stored as it is.
        return ParsedFeed(
            format="html", title=None, link=None, language=None, entries=(), unchanged=1
        )
    entry = parse_page(content, url=url, content_type=content_type)
    if entry is None:
        return None
    return ParsedFeed(
        format="html",
        title=entry.title or None,
        link=entry.url,
        language=entry.language,
        entries=(entry,),
    )
