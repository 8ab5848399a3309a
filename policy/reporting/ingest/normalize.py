"""Make outside HTML, links and text safe and comparable."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import unicodedata
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import nh3
from lxml import etree

from .decode import clean_text

__all__ = [
    "ALLOWED_TAGS",
    "TRACKING_PARAMS",
    "canonical_url",
    "content_hash",
    "html_to_text",
    "sanitize_html",
    "sanitized_to_text",
    "summarize",
]

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del"}
    | {"dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"hr", "i", "img", "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small"}
    | {"strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead"}
    | {"time", "tr", "u", "ul"}
)
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid"}
    | {"mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "igshid", "igsh", "si"}
    | {"_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id"}
    | {"wt.mc_id", "cmpid", "spm", "s_cid", "__s"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table"}
    | {"tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "hr"}
    | {"caption", "section", "article", "header", "footer"}
)
_HTML_PARSER = etree.HTMLParser(
    remove_comments=False, no_network=True, default_doctype=False
)
_SERIALIZED_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>")
_VOID_TAGS = frozenset({"br", "hr", "img"})
_BLOCK_TAG = re.compile(
    "</?(?:{})\\b[^>]*>".format("|".join(sorted(_BLOCK_TAGS, key=len, reverse=True)))
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_BR_TAG = re.compile(r"<br\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_ANY_SPACE = re.compile(r"\s+")


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Reduce outside HTML to safe markup: known tags, http/https/mailto links only."""
    # The parsers do no sanitizing of their own (and feedparser's kept some
    # javascript: spellings anyway): nh3 is the one sanitizer for every field.
    if not html or not html.strip():
        return ""
    token = _BASE_URL.set(base_url)
    try:
        cleaned = _CLEANER.clean(html)
    finally:
        _BASE_URL.reset(token)
    return clean_text(cleaned.strip())


def _rewrite_link(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: absolute http(s)/mailto links, or no attribute."""
    if attribute not in _URL_ATTRIBUTES:
        return value
    if not value.strip():
        # An emptied href would join to the page's own URL: a link that
        # pretends to go somewhere.
        return None
    base_url = _BASE_URL.get()
    value = value.strip()
    if value.startswith(("https://", "http://")) and "/." not in value:
        # Already absolute, with no dot segments for urljoin to resolve.
        return value
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in _LINK_SCHEMES:
        return None
    absolute = urljoin(base_url, value) if base_url else value
    scheme = urlsplit(absolute).scheme.lower()
    # nh3 has already dropped bad schemes; this catches any that a relative
    # URL could turn into once joined, and relative links with no base.
    if scheme not in _LINK_SCHEMES or (scheme == "mailto" and tag != "a"):
        return None
    return absolute


# Built once: handing nh3.clean its settings on every call cost five times the
# cleaning itself. The base URL each call resolves against travels beside it.
_BASE_URL: ContextVar[str | None] = ContextVar("sanitize_base_url", default=None)
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in _ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_rewrite_link,
    url_schemes=set(_LINK_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one blank line between blocks."""
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        # Plain text already: only its whitespace needs the same treatment.
        return _normalize_whitespace(_ANY_SPACE.sub(" ", html))
    try:
        # The wrapper stops libxml2 from putting leading text in a <p> of its own.
        document = etree.fromstring(f"<div>{html}</div>", _HTML_PARSER)
    except (etree.ParserError, ValueError):
        document = None
    body = document.find("body") if document is not None else None
    if body is None:
        return _normalize_whitespace(html)
    parts: list[str] = []
    add = parts.append
    in_pre = 0
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            # A comment or processing instruction: only its tail is text.
            if event == "end" and element.tail:
                add(element.tail)
            continue
        if event == "start":
            if tag in _BLOCK_TAGS:
                add("\n\n")
            if element.text and element is not body:
                # Source line breaks inside a paragraph are layout, not text;
                # only <pre> keeps them.
                text = element.text
                add(text if in_pre or tag == "pre" else _ANY_SPACE.sub(" ", text))
            if tag == "pre":
                in_pre += 1
            continue
        if tag == "pre":
            in_pre -= 1
        if tag == "br":
            add("\n")
        elif tag in _BLOCK_TAGS:
            add("\n\n")
        if element.tail and element is not body:
            tail = element.tail
            add(tail if in_pre else _ANY_SPACE.sub(" ", tail))
    return _normalize_whitespace("".join(parts))


def sanitized_to_text(sanitized: str) -> str:
    """html_to_text for sanitize_html's own output, without building a tree."""
    # nh3 serializes a parsed tree: known lowercase tags, quoted attributes,
    # escaped text and no comments, so its tags can be told apart by a regex.
    if "<pre" not in sanitized:
        # No preformatted text: every source line break is layout, so all
        # whitespace collapses first and each tag becomes its break, at C speed.
        text = " ".join(sanitized.split())
        text = _ANY_TAG.sub("", _BR_TAG.sub("\n", _BLOCK_TAG.sub("\n\n", text)))
        return _normalize_whitespace(html_lib.unescape(text) if "&" in text else text)
    parts: list[str] = []
    add = parts.append
    in_pre = 0
    position = 0
    for match in _SERIALIZED_TAG.finditer(sanitized):
        if match.start() > position:
            text = sanitized[position : match.start()]
            if "&" in text:
                text = html_lib.unescape(text)
            add(text if in_pre else _ANY_SPACE.sub(" ", text))
        position = match.end()
        closing, tag = match.group(1), match.group(2)
        if closing:
            if tag == "pre":
                in_pre = max(in_pre - 1, 0)
            if tag in _BLOCK_TAGS:
                add("\n\n")
            continue
        if tag in _BLOCK_TAGS:
            # Void block tags (<hr>) have no end tag; blank lines collapse anyway.
            add("\n\n\n\n" if tag in _VOID_TAGS else "\n\n")
        elif tag == "br":
            add("\n")
        if tag == "pre":
            in_pre += 1
    if position < len(sanitized):
        text = sanitized[position:]
        if "&" in text:
            text = html_lib.unescape(text)
        add(text if in_pre else _ANY_SPACE.sub(" ", text))
    return _normalize_whitespace("".join(parts))


def canonical_url(url: str) -> str:
    """The form of a link used to recognise a story twice; ValueError if not http(s)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) link: {url!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"link has no host: {url!r}")
    port = parts.port  # raises ValueError for a port that is not a number
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(key)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def content_hash(*, title: str, text: str) -> str:
    """sha256 of title and text after Unicode, case and whitespace normalisation."""
    normalized = "\n".join(
        " ".join(unicodedata.normalize("NFKC", part).casefold().split())
        for part in (title, text)
    )
    return hashlib.sha256(normalized.encode("utf-8", "surrogatepass")).hexdigest()


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith(("utm_", "pk_", "mtm_")) or key in TRACKING_PARAMS


def _normalize_whitespace(text: str) -> str:
    # Per line: whitespace runs become one space and the ends are trimmed; runs
    # of blank lines become one. str.split runs at C speed, unlike a regex.
    if "\n" not in text:
        return clean_text(" ".join(text.split()))
    lines: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            blank = True
            continue
        if blank and lines:
            lines.append("")
        lines.append(line)
        blank = False
    return clean_text("\n".join(lines))


def summarize(text: str, *, title: str = "", limit: int = 400) -> str:
    """The first paragraph that is not the title, cut at a word boundary."""
    skip = " ".join(title.split()).casefold()
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    first = next((p for p in paragraphs if p.casefold() != skip), "")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return f"{cut}…"
