"""Template helpers for reader pages: external links, structured data and images."""

import json
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import ResponsiveImage
from wagtail.images.shortcuts import (
    get_rendition_or_not_found,
    get_renditions_or_not_found,
)

from articles import images

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


@register.simple_tag
def card_image(article, *, lead: bool = False) -> str:
    """A card's thumbnail of the article's lead image, or nothing without one.

    Thumbnails load lazily; the featured card's picture is at the top of the home
    page, where lazy loading would only delay it.
    """
    image = article.hero_image
    if image is None:
        return ""
    rendition = get_rendition_or_not_found(
        image, images.CARD_LEAD if lead else images.CARD
    )
    attrs = {"alt": article.hero_alt, "class": "card-image"}
    if not lead:
        attrs["loading"] = "lazy"
    return rendition.img_tag(attrs)


@register.simple_tag
def hero_image(page) -> str:
    """The article's lead image at several widths, for the browser to choose."""
    image = page.hero_image
    if image is None:
        return ""
    renditions = get_renditions_or_not_found(image, images.HERO)
    return ResponsiveImage(
        renditions, {"alt": page.hero_alt, "sizes": images.HERO_SIZES}
    ).__html__()


@register.simple_tag
def author_photo(author, *, size: str = "byline") -> str:
    """An author's photo as a small disc (bylines) or a larger one (their page);
    its alt text is the author's name."""
    if author.photo is None:
        return ""
    if size == "byline":
        spec, css = images.BYLINE_PHOTO, "byline-photo"
    else:
        spec, css = images.AUTHOR_PHOTO, "author-photo"
    rendition = get_rendition_or_not_found(author.photo, spec)
    return rendition.img_tag({"alt": author.name, "class": css})


@register.simple_tag(takes_context=True)
def social_image_meta(context, page) -> str:
    """Open Graph and X card tags for the article's lead image: an absolute URL of
    a 1200×630 rendition (on the same host as the page's own absolute URL), its
    size and alt text."""
    rendition = page.social_rendition
    if rendition is None:
        return mark_safe('<meta name="twitter:card" content="summary">')
    base = page.get_full_url(context.get("request"))
    url = images.absolute_url(rendition.url, base=base)
    return format_html(
        '<meta property="og:image" content="{}">\n'
        '  <meta property="og:image:width" content="{}">\n'
        '  <meta property="og:image:height" content="{}">\n'
        '  <meta property="og:image:alt" content="{}">\n'
        '  <meta name="twitter:card" content="summary_large_image">',
        url,
        rendition.width,
        rendition.height,
        page.hero_alt,
    )
