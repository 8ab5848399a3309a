"""RSS 2.0, RSS 1.0 (RDF) and Atom bytes into FeedEntry dataclasses.

Well-formed feeds are read with fastfeedparser (lxml, about a hundred times
faster); anything lxml refuses as XML goes to feedparser, whose loose parser
keeps what it can of a broken feed. Both are handed text with no entity
declarations in it and do no sanitizing of their own: nh3 does that once per
distinct piece of HTML, for both.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import time
import xml.sax
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import fastfeedparser
import feedparser
from lxml import etree

from .decode import clean_text, decode_bytes
from .encoding_gate import gate_text, looks_misdecoded
from .entries import FeedEntry, ParsedFeed
from .errors import ParseError
from .limits import ParseBudget, bounded_parse, refuse_entity_declarations
from .normalize import (
    canonical_url,
    content_hash,
    html_to_text,
    sanitize_html,
    sanitized_to_text,
    summarize,
)

__all__ = ["KnownRaw", "NotAFeed", "parse_feed", "raw_hash"]

# Given the raw hashes of one fetch, the ones already stored: those items are
# unchanged since they were last read and cost no HTML work.
KnownRaw = Callable[[Sequence[str]], Collection[str]]
# Part of every raw hash: bump it when the way items are read changes, so the
# next fetch reads every item again instead of trusting the old result.
RAW_HASH_VERSION = "1"
_XML_ENCODING = re.compile(
    r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Numeric character references, which the parsers turn into characters.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);")
_STRICT_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)
_ROOT = re.compile(r"<(?!\?|!)([A-Za-z_][\w:.-]*)([^>]*)>")
_RSS_VERSION = re.compile(r"""\bversion\s*=\s*["']([\d.]+)["']""")
_ATOM10_NS = "http://www.w3.org/2005/Atom"
_ATOM03_NS = "http://purl.org/atom/ns#"
_RSS10_NS = "http://purl.org/rss/1.0/"
_RSS10_ITEM = f"{{{_RSS10_NS}}}item"
_ITEM_TAGS = (
    "item",
    _RSS10_ITEM,
    "{http://my.netscape.com/rdf/simple/0.9/}item",
    f"{{{_ATOM10_NS}}}entry",
    f"{{{_ATOM03_NS}}}entry",
)
_ID_TAGS = frozenset({"guid", f"{{{_ATOM10_NS}}}id", f"{{{_ATOM03_NS}}}id"})


class NotAFeed(ParseError):
    """The bytes are not RSS, RSS 1.0 or Atom at all (maybe an HTML page)."""


@dataclass(slots=True, kw_only=True)
class _RawItem:
    """One item as the parser read it, before any HTML work."""

    guid: str
    link: str
    title: str
    title_is_html: bool
    author: str
    published_at: datetime | None
    body: str
    body_base: str
    summary: str
    language: str | None

    def digest(self) -> str:
        published = self.published_at.isoformat() if self.published_at else ""
        parts = (
            RAW_HASH_VERSION,
            self.guid,
            self.link,
            self.title,
            str(self.title_is_html),
            self.author,
            published,
            self.body,
            self.body_base,
            self.summary,
            self.language or "",
        )
        data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).hexdigest()


@dataclass(slots=True, kw_only=True)
class _RawFeed:
    format: str
    title: str
    title_is_html: bool
    link: str
    language: str | None
    items: list[_RawItem]
    problem: str | None = None


def parse_feed(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    known_raw: KnownRaw | None = None,
) -> ParsedFeed:
    """Parse feed bytes fetched from `url` into sanitized, normalized entries."""
    decoded = decode_bytes(content, content_type=content_type)
    refuse_entity_declarations(decoded.text)
    budget = ParseBudget.for_input(len(decoded.text))
    text = _CHAR_REF.sub(_drop_unstorable_reference, decoded.text)
    # Hand the parsers UTF-8 and say so, so no charset rule of theirs (RFC 3023's
    # us-ascii default for text/xml) can override ours.
    data = _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")
    with bounded_parse():
        raw = _read_fast(data, text) or _read_loose(data)
        budget.spend(0)
        return _build(raw, url=url, known_raw=known_raw, budget=budget)


def raw_hash(content: bytes) -> str:
    """The raw hash of a whole document (a page is one item)."""
    digest = hashlib.sha256(RAW_HASH_VERSION.encode())
    digest.update(content)
    return digest.hexdigest()


def _build(
    raw: _RawFeed, *, url: str, known_raw: KnownRaw | None, budget: ParseBudget
) -> ParsedFeed:
    if not raw.items:
        if not raw.format:
            reason = raw.problem or "no RSS or Atom elements found"
            raise NotAFeed(f"not a feed: {reason}")
        if raw.problem:
            raise ParseError(f"malformed feed: {raw.problem}")
    warnings: list[str] = []
    if raw.problem:
        warnings.append(
            f"feed has errors; kept the items that could be read ({raw.problem})"
        )
    hashes = [item.digest() for item in raw.items]
    known = set(known_raw(hashes)) if known_raw and hashes else set()
    feed_language = _language(raw.language)
    rendered: dict[tuple[str, str], tuple[str, str]] = {}
    built: list[FeedEntry] = []
    unchanged = 0
    for item, digest in zip(raw.items, hashes, strict=True):
        if digest in known:
            unchanged += 1
            continue
        entry = _entry(
            item,
            digest=digest,
            feed_url=url,
            feed_language=feed_language,
            rendered=rendered,
            budget=budget,
        )
        built.append(entry)
    # A broken feed can leave items with nothing in them; there is nothing to review.
    entries = tuple(e for e in built if e.title or e.url or e.text)
    if len(entries) < len(built):
        warnings.append(f"skipped {len(built) - len(entries)} empty item(s)")
    title = gate_text(_plain(raw.title, is_html=raw.title_is_html)).text
    return ParsedFeed(
        format=raw.format or "unknown",
        # Mojibake the gate could not repair must not become a source's name.
        title=title if title and not looks_misdecoded(title) else None,
        link=_canonical_or_none(raw.link, base=url),
        language=feed_language,
        entries=entries,
        warnings=tuple(clean_text(w) for w in warnings),
        unchanged=unchanged,
    )


# --- fastfeedparser: well-formed XML ---------------------------------------------


def _read_fast(data: bytes, text: str) -> _RawFeed | None:
    """Read a well-formed feed with fastfeedparser; None to leave it to feedparser."""
    # The strict parse is the well-formedness check: fastfeedparser recovers
    # from broken XML silently, feedparser says what was wrong and where.
    try:
        root = etree.fromstring(data, parser=_STRICT_XML)
    except etree.XMLSyntaxError:
        return None
    if "xml:base" in text:
        # fastfeedparser does not resolve links against xml:base.
        return None
    try:
        parsed = fastfeedparser.parse(data)
    except Exception:  # noqa: BLE001 - whatever it cannot read, feedparser reads
        # or explains; out of memory is not caught here.
        return None
    feed_format = _format(text)
    if not feed_format:
        return None
    channel = parsed.get("feed") or {}
    entries = parsed.get("entries") or []
    shapes = _item_shapes(root)
    if len(shapes) != len(entries) or not channel.get("title") and _has_title(root):
        # Items or a channel title it missed (RSS 0.90, titles only in Dublin
        # Core): feedparser knows more of the old dialects.
        return None
    title_detail = channel.get("title_detail") or {}
    items = [
        _fast_item(entry, shape) for entry, shape in zip(entries, shapes, strict=True)
    ]
    return _RawFeed(
        format=feed_format,
        title=channel.get("title") or "",
        title_is_html=_is_html_type(title_detail.get("type"), default=False)
        or bool(_MARKUP.search(channel.get("title") or "")),
        link=channel.get("link") or "",
        language=channel.get("language") or _tree_language(root),
        items=items,
    )


def _item_shapes(root: Any) -> list[tuple[bool, str | None]]:
    """Per item of the tree: whether it names its own id, and its RSS <title>."""
    shapes = []
    for item in root.iter(*_ITEM_TAGS):
        has_id = item.tag == _RSS10_ITEM
        title = None
        for child in item:
            if child.tag in _ID_TAGS:
                has_id = True
            elif child.tag == "title" and title is None:
                title = child.text or ""
        shapes.append((has_id, title))
    return shapes


def _has_title(root: Any) -> bool:
    """Whether the channel or feed has a title element of any namespace or case."""
    for element in root:
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name == "title" and (element.text or "").strip():
            return True
        if name == "channel" and _has_title(element):
            return True
    return False


def _fast_item(raw: Any, shape: tuple[bool, str | None]) -> _RawItem:
    has_id, rss_title = shape
    body, base, language = _fast_body(raw)
    # fastfeedparser prefers media:title to an item's own <title>.
    title = rss_title if rss_title is not None else raw.get("title") or ""
    return _RawItem(
        # fastfeedparser gives an item without an id its link as id; feedparser,
        # whose ids the stored reports are keyed by, gives none.
        guid=(raw.get("id") or "").strip() if has_id else "",
        link=(raw.get("link") or "").strip(),
        title=title,
        title_is_html=bool(_MARKUP.search(title)),
        author=" ".join(html.unescape(str(raw.get("author") or "")).split()),
        published_at=_iso_timestamp(raw.get("published") or raw.get("updated")),
        body=body,
        body_base=base,
        summary=raw.get("description") or "",
        language=language,
    )


def _fast_body(raw: Any) -> tuple[str, str, str | None]:
    contents = raw.get("content") or []
    ranked = sorted(
        contents,
        key=lambda c: (
            _is_html_type(c.get("type"), default=True),
            len(c.get("value") or ""),
        ),
        reverse=True,
    )
    for detail in ranked:
        value = detail.get("value") or ""
        if value.strip():
            is_html = _is_html_type(detail.get("type"), default=True)
            return (
                _as_html(value, is_html=is_html),
                detail.get("base") or "",
                detail.get("language"),
            )
    return raw.get("description") or "", "", None


def _format(text: str) -> str:
    """feedparser's name for the format: rss20, rss10, atom10, atom03 ..."""
    for match in _ROOT.finditer(text, 0, 65536):
        name, attributes = match.group(1).lower(), match.group(2)
        if name == "rss":
            version = _RSS_VERSION.search(attributes)
            digits = version.group(1).replace(".", "") if version else ""
            return f"rss{digits}" if digits else "rss"
        if name in ("rdf:rdf", "rdf"):
            return "rss10"
        if name == "feed":
            return "atom10" if _ATOM10_NS in attributes else "atom03"
        return ""
    return ""


def _tree_language(root: Any) -> str | None:
    """The feed's language: RSS <language>, Dublin Core's, or Atom's xml:lang."""
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        return lang
    for element in root.iter("language", "{http://purl.org/dc/elements/1.1/}language"):
        if element.text and element.text.strip():
            return element.text.strip()
        break
    return None


def _iso_timestamp(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# --- feedparser: everything else --------------------------------------------------


def _read_loose(data: bytes) -> _RawFeed:
    # Bytes wrapped in a stream: given a str or bytes, feedparser may treat the
    # value as a URL to fetch or a local file name to open. No content-location
    # on purpose: with a base URL feedparser also "resolves" RSS guids, so every
    # guid would change when the feed moves; links are resolved in _entry.
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    channel = parsed.get("feed") or {}
    title_detail = channel.get("title_detail") or {}
    return _RawFeed(
        format=parsed.get("version") or "",
        title=channel.get("title") or "",
        title_is_html=_is_html_type(title_detail.get("type"), default=False),
        link=channel.get("link") or "",
        language=channel.get("language"),
        items=[_loose_item(raw) for raw in parsed.get("entries") or []],
        problem=_bozo_reason(parsed) if parsed.get("bozo") else None,
    )


def _loose_item(raw: Any) -> _RawItem:
    body, detail = _loose_body(raw)
    detail = detail or {}
    title_detail = raw.get("title_detail") or {}
    return _RawItem(
        guid=(raw.get("id") or "").strip(),
        link=str(raw.get("link") or "").strip(),
        title=str(raw.get("title") or ""),
        title_is_html=_is_html_type(title_detail.get("type"), default=False),
        author=_author(raw),
        published_at=_timestamp(raw),
        body=body,
        body_base=detail.get("base") or "",
        summary=raw.get("summary") or "",
        language=(
            _language(detail.get("language"))
            or _language((raw.get("summary_detail") or {}).get("language"))
            or _language(title_detail.get("language"))
        ),
    )


def _loose_body(raw: Any) -> tuple[str, dict[str, Any] | None]:
    """The fullest HTML body of an entry: content over summary, HTML over text."""
    contents = raw.get("content") or []
    ranked = sorted(
        contents,
        key=lambda c: (
            _is_html_type(c.get("type"), default=True),
            len(c.get("value") or ""),
        ),
        reverse=True,
    )
    for detail in ranked:
        value = detail.get("value") or ""
        if value.strip():
            is_html = _is_html_type(detail.get("type"), default=True)
            return _as_html(value, is_html=is_html), detail
    detail = raw.get("summary_detail")
    is_html = _is_html_type((detail or {}).get("type"), default=True)
    return _as_html(raw.get("summary") or "", is_html=is_html), detail


# --- both ---------------------------------------------------------------------------


def _drop_unstorable_reference(match: re.Match[str]) -> str:
    """Remove a reference to a surrogate, NUL or a non-character; keep the rest."""
    # feedparser's loose parser raises UnicodeEncodeError on &#xD800; (one bad
    # item would sink the whole feed), and PostgreSQL refuses NUL anyway.
    hex_digits, decimal = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return ""
    return match.group(0)


def _entry(
    item: _RawItem,
    *,
    digest: str,
    feed_url: str,
    feed_language: str | None,
    rendered: dict[tuple[str, str], tuple[str, str]],
    budget: ParseBudget,
) -> FeedEntry:
    base = urljoin(feed_url, item.body_base) if item.body_base else feed_url
    title = gate_text(_plain(item.title, is_html=item.title_is_html))
    author = gate_text(item.author)
    gated_body = gate_text(item.body)
    sanitized, text = _render(gated_body.text, base, rendered=rendered, budget=budget)
    summary = gate_text(_summary_text(item.summary, base, rendered, budget))
    budget.spend(len(title.text) + len(summary.text))
    return FeedEntry(
        guid=item.guid or None,
        url=_canonical_or_none(item.link, base=feed_url),
        title=title.text,
        author=author.text or None,
        published_at=item.published_at,
        summary=summary.text or summarize(text, title=title.text),
        sanitized_html=sanitized,
        text=text,
        language=_language(item.language) or feed_language,
        content_hash=content_hash(title=title.text, text=text),
        encoding_suspect=any(
            part.suspect for part in (title, author, gated_body, summary)
        ),
        raw_hash=digest,
    )


def _render(
    value: str,
    base: str,
    *,
    rendered: dict[tuple[str, str], tuple[str, str]],
    budget: ParseBudget,
) -> tuple[str, str]:
    """Sanitized HTML and its plain text, worked out once per distinct HTML."""
    key = (value, base)
    done = rendered.get(key)
    if done is None:
        sanitized = sanitize_html(value, base_url=base)
        done = (sanitized, sanitized_to_text(sanitized))
        budget.spend(len(done[0]) + len(done[1]))
        rendered[key] = done
    return done


def _summary_text(
    value: str,
    base: str,
    rendered: dict[tuple[str, str], tuple[str, str]],
    budget: ParseBudget,
) -> str:
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        # Plain text (most RSS descriptions): nothing to sanitize or parse.
        return html_to_text(value)
    return _render(value, base, rendered=rendered, budget=budget)[1]


def _is_html_type(value: Any, *, default: bool) -> bool:
    if not value:
        return default
    return str(value).lower() in _HTML_TYPES


def _as_html(value: str, *, is_html: bool) -> str:
    if is_html:
        return value
    paragraphs = [p.strip() for p in value.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _plain(value: Any, *, is_html: bool) -> str:
    """A title-like field as plain text, whatever type the feed declared."""
    if not value:
        return ""
    if is_html:
        # Sanitized first: a <script> in a title is markup, not words.
        return " ".join(html_to_text(sanitize_html(str(value))).split())
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
    link = str(link).strip()
    if not link.startswith(("https://", "http://")) or "/." in link:
        link = urljoin(base, link)
    try:
        return canonical_url(link)
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
