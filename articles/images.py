"""The image renditions reader pages show, named once.

Templates render them through `articles.templatetags.article_tags` and listings
prefetch exactly these, so a page of cards costs the same queries for one card as
for a hundred (Wagtail's `prefetch_renditions`).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urljoin

from django.db.models import Prefetch
from wagtail.images import get_image_model

# A card's thumbnail, and the featured card's larger picture (both 16:9).
CARD = "fill-480x270"
CARD_LEAD = "fill-960x540"
# The article's lead image, offered to the browser at these widths (`srcset`).
HERO_WIDTHS = (480, 768, 1024, 1536)
HERO = tuple(f"width-{w}" for w in HERO_WIDTHS)
# Shown beside the text column's width: 48rem on wide screens, the viewport below.
HERO_SIZES = "(min-width: 52rem) 48rem, 100vw"
# Social cards (`og:image`): the 1.91:1 shape Facebook, LinkedIn and X crop to.
SOCIAL = "fill-1200x630"
# A figure in an article's body, as templates/blocks/figure.html renders it.
FIGURE = "width-1000"
# Author photos: a small disc in bylines, a larger one on the author's page.
BYLINE_PHOTO = "fill-72x72"
AUTHOR_PHOTO = "fill-192x192"


def renditions_prefetch(lookup: str, *specs: str) -> Prefetch:
    """Prefetch the renditions for `specs` of the image at `lookup`, which the
    queryset joins (`select_related(lookup)`): the image then costs no query of
    its own, and its renditions one for any number of rows. Wagtail's
    `get_rendition` finds them where `prefetch_renditions` would put them."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    )
    return Prefetch(
        f"{lookup}__renditions", queryset=renditions, to_attr="prefetched_renditions"
    )


def attach_renditions(wanted: Iterable[tuple[object, Iterable[str]]]) -> None:
    """Read the renditions of every `(image, specs)` pair in one query, and store
    each image's where Wagtail's `get_rendition` looks for prefetched ones
    (`prefetched_renditions`), so rendering them reads nothing more. Images may
    be None (skipped) or repeated; an image missing a rendition creates it, as
    after `prefetch_renditions`."""
    instances: dict[int, list] = defaultdict(list)
    specs: set[str] = set()
    for image, image_specs in wanted:
        if image is None or image.pk is None:
            continue
        if not any(i is image for i in instances[image.pk]):
            instances[image.pk].append(image)
        specs.update(image_specs)
    if not instances or not specs:
        return
    Rendition = get_image_model().get_rendition_model()
    found = defaultdict(list)
    for rendition in Rendition.objects.filter(
        image_id__in=list(instances), filter_spec__in=sorted(specs)
    ):
        found[rendition.image_id].append(rendition)
    for pk, images in instances.items():
        for n, image in enumerate(images):
            # Each instance gets renditions that point back at it (their `alt`
            # reads the image), the first the ones read.
            renditions = found[pk] if n == 0 else [copy.copy(r) for r in found[pk]]
            for rendition in renditions:
                Rendition.image.field.set_cached_value(rendition, image)
            image.prefetched_renditions = renditions


def absolute_url(url: str, *, base: str | None) -> str:
    """`url` made absolute against `base` (a page's full URL); a URL that is already
    absolute, as from a media CDN, is kept as it is."""
    return urljoin(base or "", url)
