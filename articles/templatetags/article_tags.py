"""Template helpers for reader pages: external links and structured data."""

import json
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

NEW_TAB_NOTE = "(opens in a new tab)"


def is_external(url: str, host: str = "") -> bool:
    """True for absolute http(s) links to another host."""
    parts = urlsplit(url or "")
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and parts.netloc != host
    )


@register.filter(is_safe=True)
def external_links(html, host: str = ""):
    """Make external links in rendered rich text open in a new tab, and say so.

    Screen-reader users hear "(opens in a new tab)"; `rel` keeps the opened page from
    reaching back into ours.
    """
    soup = BeautifulSoup(str(html), "html.parser")
    for link in soup.find_all("a", href=True):
        if not is_external(link["href"], host):
            continue
        link["target"] = "_blank"
        link["rel"] = "noopener noreferrer"
        note = soup.new_tag("span", attrs={"class": "visually-hidden"})
        note.string = f" {NEW_TAB_NOTE}"
        link.append(note)
    return mark_safe(str(soup))  # noqa: S308 - input is already-rendered, trusted HTML


@register.simple_tag
def ld_json(data) -> str:
    """Render a dict as a JSON-LD script element, escaped for HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
