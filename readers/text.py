"""Readers' comment text: stored as typed, shown escaped, links made inert for SEO.

Pure functions, no models: what a comment may contain and how it is shown.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

URL = re.compile(r"""\bhttps?://[^\s<>"'`]+""", re.IGNORECASE)
# Punctuation that ends a sentence rather than a link.
TRAILING = ".,;:!?)]}'\""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def comment_text_clean(text: str) -> str:
    """Normalise what a reader typed: no control characters, Unix newlines, no
    trailing blanks, at most one empty line in a row."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _split_url(match: str) -> tuple[str, str]:
    url = match
    while url and url[-1] in TRAILING:
        url = url[:-1]
    return url, match[len(url) :]


def comment_links(text: str) -> list[str]:
    """The links in a comment, as they will be shown."""
    return [_split_url(m.group(0))[0] for m in URL.finditer(text)]


def _linked(line: str) -> str:
    out, end = [], 0
    for m in URL.finditer(line):
        url, tail = _split_url(m.group(0))
        out.append(escape(line[end : m.start()]))
        out.append(
            format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', url, url)
        )
        out.append(escape(tail))
        end = m.end()
    out.append(escape(line[end:]))
    return "".join(out)


def comment_text_html(text: str) -> SafeString:
    """A comment as HTML: every character escaped, paragraphs and line breaks kept,
    http(s) links clickable with rel="nofollow ugc"."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linked(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - every piece above is escaped
