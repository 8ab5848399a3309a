"""Recognise the same report twice: within one fetch here, across fetches by key."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from .entries import FeedEntry
from .normalize import canonical_url

__all__ = ["MAX_KEY_LENGTH", "DedupeKind", "dedupe_entries", "dedupe_key"]

DedupeKind = Literal["guid", "url", "hash"]
# Keys are stored in an indexed column; anything longer is not an identifier.
MAX_KEY_LENGTH = 2048
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def dedupe_key(entry: FeedEntry) -> tuple[DedupeKind, str]:
    """The identity of an entry: stable guid, else canonical URL, else content hash."""
    guid = _stable_guid(entry.guid)
    if guid is not None:
        return ("guid", guid)
    if entry.url and len(entry.url) <= MAX_KEY_LENGTH:
        return ("url", entry.url)
    return ("hash", entry.content_hash)


def dedupe_entries(entries: Iterable[FeedEntry]) -> tuple[list[FeedEntry], list[str]]:
    """Collapse entries that share a key within one fetch; return them and warnings."""
    entries = list(entries)
    # A guid shared by entries with different links is not an identifier (some
    # feeds put the channel URL in every guid): those entries fall back to URLs.
    warnings: list[str] = []
    links_by_guid: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        guid = _stable_guid(entry.guid)
        if guid is not None and entry.url:
            links_by_guid[guid].add(entry.url)
    shared = {guid for guid, links in links_by_guid.items() if len(links) > 1}
    if shared:
        warnings.append(
            f"{len(shared)} guid(s) are shared by items with different links;"
            " those items are matched by link instead"
        )
        entries = [
            dataclasses.replace(e, guid=None) if _stable_guid(e.guid) in shared else e
            for e in entries
        ]

    kept: dict[tuple[DedupeKind, str], FeedEntry] = {}
    dropped = 0
    for entry in entries:
        key = dedupe_key(entry)
        current = kept.get(key)
        if current is None:
            kept[key] = entry
            continue
        dropped += 1
        # Later-published wins, then longer text, then further down the feed.
        if _rank(entry) >= _rank(current):
            kept[key] = entry  # dict keeps the first key's position
    if dropped:
        warnings.append(f"{dropped} duplicate item(s) in this fetch were merged")
    return list(kept.values()), warnings


def _stable_guid(guid: str | None) -> str | None:
    if guid is None:
        return None
    guid = guid.strip()
    if not guid or len(guid) > MAX_KEY_LENGTH or _CONTROL.search(guid):
        return None
    if guid.lower().startswith(("http://", "https://")):
        # A permalink guid that picks up tracking parameters or a fragment from
        # one fetch to the next is still the same item.
        try:
            return canonical_url(guid)
        except ValueError:
            return guid
    return guid


def _rank(entry: FeedEntry) -> tuple[float, int]:
    published = entry.published_at.timestamp() if entry.published_at else float("-inf")
    return (published, len(entry.text))
