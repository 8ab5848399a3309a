"""Writes for editorial content: keeping the API's highlight read model current."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from policy.citations.stored import citations_from_raw
from policy.models import LicenceEventPage
from policy.reporting.models import Report
from rexchange.api.changes import (
    ChangeKind,
    ChangeType,
    change_out_ids,
    change_record,
)
from rexchange.publication.visibility import pages_visible

from .models import ArticlePage, Highlight

# Highlight ids are derived from (article, block id), so a copied page whose blocks
# kept their ids still gets ids of its own, and an id never changes while the block
# exists, whatever happens to the other highlights around it.
HIGHLIGHT_NAMESPACE = uuid.UUID("0d6f5f3e-5b0c-4f4e-9a55-6a1d6f1f9c21")


@dataclass(frozen=True)
class HighlightRow:
    """One highlight as read from a stored `highlights` stream."""

    block_id: str
    position: int
    text: str
    citations: list[dict] = field(default_factory=list)


def highlight_id(*, article_id: int, block_id: str) -> uuid.UUID:
    """The stable public id of the highlight stored in `block_id` on an article."""
    return uuid.uuid5(HIGHLIGHT_NAMESPACE, f"{article_id}:{block_id}")


def highlight_rows(raw_stream: Iterable[Mapping]) -> list[HighlightRow]:
    """Read highlights, in order, from the raw JSON of a `highlights` StreamField."""
    rows: list[HighlightRow] = []
    for child in raw_stream:
        if not isinstance(child, Mapping) or child.get("type") != "highlight":
            continue
        value = child.get("value") or {}
        position = len(rows) + 1
        rows.append(
            HighlightRow(
                block_id=str(child.get("id") or f"position-{position}"),
                position=position,
                text=str(value.get("text") or "").strip(),
                citations=citations_from_raw(value.get("citations")),
            )
        )
    return rows


@transaction.atomic
def highlight_sync(*, article: ArticlePage) -> list[Highlight]:
    """Make the API's highlights for an article match its live content, and record
    each highlight's change in the feed.

    Unpublishing keeps the rows (readers' visibility is checked at query time), so
    a republished highlight keeps the `published_at` of its first publication.
    Every highlight of an updated article is recorded as updated: it embeds the
    article's title and link. An article readers may not see (behind a password or
    a group restriction, or in an unpublished section) counts as unpublished.
    """
    live = (
        pages_visible(ArticlePage.objects.filter(pk=article.pk)).first()
        if article.live
        else None
    )
    if live is None:
        change_record(
            object_type=ChangeType.HIGHLIGHT,
            object_ids=Highlight.objects.filter(article_id=article.pk)
            .order_by("position")
            .values_list("pk", flat=True),
            kind=ChangeKind.UNPUBLISH,
        )
        return []
    rows = highlight_rows(live.highlights.raw_data)
    changed_at = live.last_published_at or timezone.now()
    cited = [c for row in rows for c in row.citations]
    known_events = set(
        LicenceEventPage.objects.filter(
            pk__in={c["event"] for c in cited if c["event"]}
        ).values_list("pk", flat=True)
    )
    known_reports = set(
        Report.objects.filter(
            pk__in={c["report"] for c in cited if c["report"]}
        ).values_list("pk", flat=True)
    )
    existing = {h.pk: h for h in Highlight.objects.filter(article_id=live.pk)}
    kept: dict[uuid.UUID, Highlight] = {}
    for row in rows:
        pk = highlight_id(article_id=live.pk, block_id=row.block_id)
        if pk in kept:
            continue  # a duplicated block id: the first occurrence wins
        item = existing.pop(pk, None)
        if item is None:
            item = Highlight(id=pk, article=live, published_at=changed_at)
        content = (row.text, row.citations, row.position)
        if item._state.adding or (item.text, item.citations, item.position) != content:
            item.block_id = row.block_id
            item.text, item.citations, item.position = content
            item.updated_at = changed_at
            item.save()
        item.cited_events.set(
            {c["event"] for c in row.citations if c["event"] in known_events}
        )
        item.cited_reports.set(
            {c["report"] for c in row.citations if c["report"] in known_reports}
        )
        kept[pk] = item
    change_record(
        object_type=ChangeType.HIGHLIGHT,
        object_ids=list(existing),
        kind=ChangeKind.DELETE,
    )
    Highlight.objects.filter(pk__in=list(existing)).delete()
    change_record(
        object_type=ChangeType.HIGHLIGHT, object_ids=kept, kind=ChangeKind.PUBLISH
    )
    return list(kept.values())


def article_is_visible(*, article: ArticlePage) -> bool:
    """Whether readers (and so API consumers) may see this article now."""
    return (
        article.live
        and pages_visible(ArticlePage.objects.filter(pk=article.pk)).exists()
    )


@transaction.atomic
def article_change_record(*, article: ArticlePage, kind: str) -> None:
    """Record an article's publish, update or unpublish, and its highlights'.

    Consumers see what readers see: publishing an article readers may not reach
    (a view restriction on it or an ancestor, or an unpublished section) is
    recorded as taking it away, never as a publish.
    """
    highlight_sync(article=article)
    if kind != ChangeKind.UNPUBLISH and not article_is_visible(article=article):
        kind = ChangeKind.UNPUBLISH
    change_record(object_type=ChangeType.ARTICLE, object_ids=[article.pk], kind=kind)


@transaction.atomic
def article_visibility_sync(*, section_id: int) -> int:
    """After readers' access to a section changed (a view restriction added,
    changed or removed, a parent page published or unpublished), record the
    articles in it that appeared or disappeared; returns how many did.

    Only flips are recorded: an article still out, or still hidden, gets nothing.
    """
    path = Page.objects.filter(pk=section_id).values_list("path", flat=True).first()
    if path is None:
        return 0  # the section was deleted, and its articles with it
    articles = ArticlePage.objects.filter(path__startswith=path)
    visible = set(pages_visible(articles).values_list("pk", flat=True))
    everything = set(articles.values_list("pk", flat=True))
    out = {
        int(i)
        for i in change_out_ids(object_type=ChangeType.ARTICLE, object_ids=everything)
    }
    flips = (visible - out) | ((everything - visible) & out)
    for article in ArticlePage.objects.filter(pk__in=flips).defer_streamfields():
        article_change_record(
            article=article,
            kind=ChangeKind.PUBLISH if article.pk in visible else ChangeKind.UNPUBLISH,
        )
    return len(flips)


@transaction.atomic
def article_delete_record(*, article_id: int) -> None:
    """Record that an article, and with it its highlights, is gone for good."""
    change_record(
        object_type=ChangeType.HIGHLIGHT,
        object_ids=Highlight.objects.filter(article_id=article_id)
        .order_by("position")
        .values_list("pk", flat=True),
        kind=ChangeKind.DELETE,
    )
    change_record(
        object_type=ChangeType.ARTICLE, object_ids=[article_id], kind=ChangeKind.DELETE
    )


def highlight_rebuild_all() -> int:
    """Resync every article's highlights; returns how many highlights are live."""
    total = 0
    for article in ArticlePage.objects.filter(live=True).defer_streamfields():
        total += len(highlight_sync(article=article))
    return total
