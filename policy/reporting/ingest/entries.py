"""The dataclasses ingestion hands to the Django side: one per outside report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime

from .decode import clean_text, is_storable

__all__ = ["FeedEntry", "ParsedFeed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One outside report (a feed item or an article page), ready to store."""

    guid: str | None
    url: str | None
    title: str
    author: str | None
    published_at: datetime | None
    summary: str
    sanitized_html: str
    text: str
    language: str | None
    content_hash: str
    encoding_suspect: bool = False
    # sha256 of the item as the feed sent it: the same raw hash next time means
    # the item is unchanged and its HTML need not be read again.
    raw_hash: str = ""

    def __post_init__(self) -> None:
        # Every string leaving the package must be storable in PostgreSQL.
        texts = {
            name: value
            for name in _TEXT_FIELDS
            if isinstance(value := getattr(self, name), str)
        }
        if not is_storable("".join(texts.values())):
            for name, value in texts.items():
                object.__setattr__(self, name, clean_text(value))
        if self.published_at is not None:
            if self.published_at.tzinfo is None:
                raise ValueError("published_at must be timezone-aware")
            object.__setattr__(self, "published_at", self.published_at.astimezone(UTC))


_TEXT_FIELDS = tuple(
    field.name
    for field in dataclasses.fields(FeedEntry)
    if field.type in ("str", "str | None")
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedFeed:
    """A parsed feed: its own title and link, its entries, and what went wrong."""

    format: str
    title: str | None
    link: str | None
    language: str | None
    entries: tuple[FeedEntry, ...]
    warnings: tuple[str, ...] = ()
    # Items left out because their raw hash was already stored (known_raw).
    unchanged: int = 0
