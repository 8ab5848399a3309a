"""Bytes to text: pick the encoding the way browsers do, then make it storable."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

import charset_normalizer

__all__ = [
    "DecodedText",
    "charset_from_content_type",
    "clean_text",
    "declared_charset",
    "decode_bytes",
    "detect_encoding",
    "is_storable",
]

EncodingSource = Literal[
    "bom", "header", "declaration", "utf-8", "detected", "fallback"
]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# XML 1.0 appendix F: "<?" in UTF-16 without a byte order mark.
_UTF16_SNIFF: tuple[tuple[bytes, str], ...] = (
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
# WHATWG Encoding: these labels mean windows-1252 on the web.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}
    | {"iso_8859-1", "iso-ir-100", "cp819", "ibm819", "windows-1252", "cp1252"}
)
# WHATWG Encoding again: legacy labels decode with the superset browsers use.
_SUPERSETS = {
    "utf-8-sig": "utf-8",
    "gb2312": "gbk",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}
# UTF-7 lets ASCII bytes spell "<script>"; browsers dropped it, so do we.
_NEVER = frozenset({"utf-7"})
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(
    rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE
)
# Detection reads this much of a document; enough for any feed's language.
_DETECT_BYTES = 256 * 1024
_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with the encoding used and why it was chosen."""

    text: str
    encoding: str
    source: EncodingSource


def clean_text(value: str) -> str:
    """Drop NUL bytes and lone surrogates, which PostgreSQL and psycopg reject."""
    if is_storable(value):
        return value
    # A surrogate pair split into two code points is still a real character:
    # rejoin pairs first, then drop the halves that have no partner.
    joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return joined.replace("\x00", "")


def is_storable(value: str) -> bool:
    """True when clean_text would leave `value` as it is."""
    if value.isascii():
        # str methods run at C speed; ASCII has no surrogates to look for.
        return "\x00" not in value
    return not _NOT_STORABLE.search(value)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if it names a known codec."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return _codec(match.group(1)) if match else None


def declared_charset(content: bytes) -> str | None:
    """The encoding an XML declaration or an HTML meta tag names, if known."""
    head = content[:4096]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    return _codec(match.group(1).decode("ascii", "ignore")) if match else None


def decode_bytes(content: bytes, *, content_type: str | None = None) -> DecodedText:
    """Decode bytes to storable text: BOM, header charset, then in-document label."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            text = content[len(bom) :].decode(encoding, "replace")
            return DecodedText(clean_text(text), encoding, "bom")
    for prefix, encoding in _UTF16_SNIFF:
        if content.startswith(prefix):
            return DecodedText(
                clean_text(content.decode(encoding, "replace")), encoding, "declaration"
            )
    header = charset_from_content_type(content_type)
    declared = header or declared_charset(content)
    source: EncodingSource = "header" if header else "declaration"
    if declared and not _ascii_compatible(declared):
        # UTF-16 text without a BOM is also "valid UTF-8" (ASCII plus NULs).
        return DecodedText(
            clean_text(content.decode(declared, "replace")), declared, source
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        chosen: EncodingSource = source if declared == "utf-8" else "utf-8"
        return DecodedText(clean_text(text), "utf-8", chosen)
    if declared:
        return DecodedText(
            clean_text(content.decode(declared, "replace")), declared, source
        )
    detected = detect_encoding(content)
    if detected:
        return DecodedText(
            clean_text(content.decode(detected, "replace")), detected, "detected"
        )
    return DecodedText(
        clean_text(content.decode("cp1252", "replace")), "cp1252", "fallback"
    )


def detect_encoding(content: bytes) -> str | None:
    """The legacy encoding unlabelled, non-UTF-8 bytes are most likely in, if any."""
    # Only reached when nothing names the encoding and the bytes are not UTF-8:
    # Big5, EUC-JP, Shift_JIS, KOI8-R, TIS-620 ... read as windows-1252 would
    # all be mojibake. charset-normalizer samples the bytes, so size is no issue.
    best = charset_normalizer.from_bytes(content[:_DETECT_BYTES]).best()
    if best is None:
        return None
    encoding = _codec(best.encoding)
    if encoding is None or not _ascii_compatible(encoding):
        return None
    return encoding


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _NEVER:
        return None
    return _SUPERSETS.get(name, name)


def _ascii_compatible(encoding: str) -> bool:
    return codecs.lookup(encoding).name not in {
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
    }
