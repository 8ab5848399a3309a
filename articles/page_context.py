"""What an article page reads, in a fixed and small number of queries.

The page shows events (related, embedded, cited in highlights and in embedded
facts), reports (cited, assessed) and images (hero, figures). Read one StreamField
at a time, each kind is read again for every field that chooses it; here every id
is collected from the raw fields first, each kind is read once, and the streams are
converted while those objects are on offer to their chooser blocks.
"""

from __future__ import annotations

from wagtail.images import get_image_model

from policy.reporting.models import Report
from policy.selectors.events import (
    licence_event_article_context,
    licence_event_article_read,
)
from rexchange.publication.chosen import chosen_objects


def _chosen_ids(raw_stream) -> dict[str, set[int]]:
    """Event, report and image ids chosen anywhere in a raw StreamField."""
    found = {"event": set(), "report": set(), "image": set()}

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in found and isinstance(item, int):
                    found[key].add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([child.get("value") for child in raw_stream])
    return found


def article_page_context(*, article, request=None, more_images=()) -> dict:
    """The events an article shows, with every chosen event, report and image read
    once, and its highlights and body converted with them.

    `more_images` are the ids of other images the page shows (its authors'
    photos), read in the same query as the figures'; every image read is returned
    under "page_images", by id, for the caller to read their renditions."""
    highlights = _chosen_ids(article.highlights.raw_data)
    body = _chosen_ids(article.body.raw_data)
    embed_ids = [
        (raw.get("value") or {}).get("event")
        for raw in article.body.raw_data
        if raw.get("type") == "event_facts"
    ]
    events = licence_event_article_read(
        article=article, ids=highlights["event"] | body["event"]
    )
    # Their previous events came joined: chosen objects too (facts often cite them).
    previous = [e.previous_event for e in events if e.previous_event_id]
    loaded = {e.pk for e in events} | {e.pk for e in previous}
    # Embedded events bring their facts, whose citations choose more of the same.
    facts = {"event": set(), "report": set()}
    for event in events:
        if event.pk in body["event"]:
            for kind, ids in _chosen_ids(event.facts.raw_data).items():
                if kind in facts:
                    facts[kind] |= ids
    extra_events = facts["event"] - loaded
    report_ids = highlights["report"] | body["report"] | facts["report"]
    image_ids = body["image"] | set(more_images)
    ahead = [*previous, *events]
    if extra_events:
        ahead += list(type(events[0]).objects.filter(pk__in=extra_events))
    if report_ids:
        ahead += list(Report.objects.select_related("source").filter(pk__in=report_ids))
    page_images = {}
    if image_ids:
        images = get_image_model().objects.filter(pk__in=image_ids)
        page_images = {image.pk: image for image in images}
        ahead += page_images.values()
    with chosen_objects(ahead):
        context = licence_event_article_context(
            article=article, embed_ids=embed_ids, events=events, request=request
        )
        # Convert every block now, while the objects are on offer; the template
        # then iterates converted values.
        for stream in (article.highlights, article.body):
            for _ in stream:
                pass
    context["page_images"] = page_images
    return context
