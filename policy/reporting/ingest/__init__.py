"""Source ingestion, the pure half: fetch a URL safely and parse it into dataclasses.

No Django in here. The Django side (a service and a Celery task) calls
``fetch_and_parse`` and stores the ``FeedEntry`` values it returns, keyed by
``dedupe_key``; every failure is an ``IngestError`` whose ``str()`` is one line
an editor can read.
"""

from .decode import DecodedText, clean_text, decode_bytes
from .dedupe import dedupe_entries, dedupe_key
from .encoding_gate import GatedText, gate_text, looks_misdecoded
from .entries import FeedEntry, ParsedFeed
from .errors import (
    BadResponse,
    BadScheme,
    BadURL,
    ConnectFailed,
    FetchError,
    HTTPStatusError,
    IngestError,
    ParseError,
    RedirectLoop,
    RefusedAddress,
    TimedOut,
    TooLarge,
    TooManyRedirects,
)
from .feeds import NotAFeed, parse_feed
from .http import (
    FetchOptions,
    FetchResponse,
    check_addresses,
    fetch,
    is_public_address,
    parse_allowlist,
)
from .normalize import canonical_url, content_hash, html_to_text, sanitize_html
from .pages import parse_page
from .pipeline import FetchResult, Kind, fetch_and_parse, parse_content, sniff_kind

__all__ = [
    "BadResponse",
    "BadScheme",
    "BadURL",
    "ConnectFailed",
    "DecodedText",
    "FeedEntry",
    "FetchError",
    "FetchOptions",
    "FetchResponse",
    "FetchResult",
    "GatedText",
    "HTTPStatusError",
    "IngestError",
    "Kind",
    "NotAFeed",
    "ParseError",
    "ParsedFeed",
    "RedirectLoop",
    "RefusedAddress",
    "TimedOut",
    "TooLarge",
    "TooManyRedirects",
    "canonical_url",
    "check_addresses",
    "clean_text",
    "content_hash",
    "decode_bytes",
    "dedupe_entries",
    "dedupe_key",
    "fetch",
    "fetch_and_parse",
    "gate_text",
    "html_to_text",
    "is_public_address",
    "looks_misdecoded",
    "parse_allowlist",
    "parse_content",
    "parse_feed",
    "parse_page",
    "sanitize_html",
    "sniff_kind",
]
