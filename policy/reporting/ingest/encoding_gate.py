"""Catch text that was decoded with the wrong encoding before an editor sees it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad

from .decode import clean_text

__all__ = ["GatedText", "gate_text", "looks_misdecoded"]

_FIXER = ftfy.TextFixerConfig(
    # Curly quotes are the publication's house style, not damage.
    uncurl_quotes=False,
    # Fullwidth forms (，：) are ordinary Chinese punctuation; leave them be.
    fix_character_width=False,
    # Entities in HTML are markup, and plain text never reaches here escaped.
    unescape_html=False,
    explain=False,
)
# UTF-8 read as windows-874 (Thai): each lead byte becomes a Thai letter and
# each continuation byte a Thai consonant or a cp874/cp1252 punctuation mark.
# Wedged between Latin letters ("donโ€™t") that is never Thai prose, which
# follows a Latin word with more Thai, not with "t".
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONT = f"\u0080-\u00a0\u0e01-\u0e1f{_CP1252_SPECIALS}\ufffd"
_THAI_MOJIBAKE = re.compile(
    f"(?<=[A-Za-z])(?:[\u0e40-\u0e4f][{_CONT}]{{2}}|[\u0e22-\u0e3f][{_CONT}])"
    "(?![\u0e00-\u0e7f])"
)
# The code-page 874 damage of the reference note: each UTF-8 punctuation mark
# lost its continuation bytes and left only its lead byte, read as a Thai letter
# ("undisclosedโrepresenting", "Chinaโs"). A lone Thai letter between Latin
# letters, with no Thai word near it, is never Thai prose.
_LONE_THAI = re.compile("(?<=[A-Za-z])[\u0e01-\u0e5b](?=[A-Za-z])")
_THAI_WORD = re.compile("[\u0e01-\u0e5b]{2}")
_THAI_CONTEXT = 24
# Printable ASCII, tabs and newlines cannot be mis-decoded and ftfy would leave
# them as they are: the cheap test that spares most fields the expensive one.
_NOT_PLAIN_ASCII = re.compile("[^\t\n\x20-\x7e]")
# C1 controls in text are bytes 0x80-0x9F that went through Latin-1 instead of
# windows-1252 or UTF-8.
_C1_CONTROLS = re.compile("[\u0080-\u009f]")


@dataclass(frozen=True, slots=True)
class GatedText:
    """Text past the encoding gate: repaired if possible, flagged if it looked wrong."""

    text: str
    suspect: bool


def looks_misdecoded(text: str) -> bool:
    """True when text shows the marks of a wrong decode: mojibake, U+FFFD, C1 bytes."""
    if _plain_ascii(text):
        return False
    return bool(
        "\ufffd" in text
        or _C1_CONTROLS.search(text)
        or _THAI_MOJIBAKE.search(text)
        or _lone_thai_letter(text)
        or is_bad(text)
    )


def gate_text(text: str) -> GatedText:
    """Repair what ftfy can and flag text that looked mis-decoded for an editor."""
    if _plain_ascii(text):
        return GatedText(text, False)
    suspect = looks_misdecoded(text)
    repaired = _THAI_MOJIBAKE.sub(_undo_cp874, text)
    repaired = ftfy.fix_text(repaired, _FIXER) if repaired else repaired
    return GatedText(clean_text(repaired), suspect)


def _plain_ascii(text: str) -> bool:
    # str methods first: they run at C speed, the regex only for multi-line text.
    return text.isascii() and (text.isprintable() or not _NOT_PLAIN_ASCII.search(text))


def _lone_thai_letter(text: str) -> bool:
    for match in _LONE_THAI.finditer(text):
        start, end = match.span()
        around = text[max(start - _THAI_CONTEXT, 0) : end + _THAI_CONTEXT]
        if not _THAI_WORD.search(around):
            return True
    return False


def _undo_cp874(match: re.Match[str]) -> str:
    """Turn one mis-decoded UTF-8 sequence back into its character, if it is one."""
    raw = bytearray()
    for char in match.group(0):
        for codec in ("cp874", "cp1252", "latin-1"):
            try:
                raw += char.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            return match.group(0)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)
