"""Make outside HTML, links and text safe and comparable."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
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
_SPACES = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Reduce outside HTML to safe markup: known tags, http/https/mailto links only."""
    # feedparser has already sanitized feed HTML, but it keeps some javascript:
    # spellings when it has no base URL, so everything goes through nh3 again.
    if not html or not html.strip():
        return ""

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        if not value.strip():
            # An emptied href (feedparser's answer to javascript:) would join
            # to the page's own URL: a link that pretends to go somewhere.
            return None
        absolute = urljoin(base_url, value.strip()) if base_url else value.strip()
        scheme = urlsplit(absolute).scheme.lower()
        # nh3 has already dropped bad schemes; this catches any that a relative
        # URL could turn into once joined, and relative links with no base.
        if scheme not in _LINK_SCHEMES or (scheme == "mailto" and tag != "a"):
            return None
        return absolute

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in _ALLOWED_ATTRIBUTES.items()},
        attribute_filter=rewrite,
        url_schemes=set(_LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return clean_text(cleaned.strip())


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one blank line between blocks."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _normalize_whitespace(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        # Source line breaks inside a paragraph are layout, not text; only
        # <pre> keeps them.
        if not any(a.tag == "pre" for a in element.iterancestors()):
            if element.tag != "pre" and element.text:
                element.text = _ANY_SPACE.sub(" ", element.text)
            if element.tail:
                element.tail = _ANY_SPACE.sub(" ", element.tail)
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
            if element is not root:
                element.text = "\n\n" + (element.text or "")
    return _normalize_whitespace(root.text_content())


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
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    joined = "\n".join(lines)
    return clean_text(_BLANK_LINES.sub("\n\n", joined).strip())


def summarize(text: str, *, title: str = "", limit: int = 400) -> str:
    """The first paragraph that is not the title, cut at a word boundary."""
    skip = " ".join(title.split()).casefold()
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    first = next((p for p in paragraphs if p.casefold() != skip), "")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return f"{cut}…"
