"""Dedupe keys (guid, then link, then content hash) and merging within one fetch."""

from datetime import UTC, datetime

import pytest

from policy.reporting.ingest import (
    FeedEntry,
    content_hash,
    dedupe_entries,
    dedupe_key,
    parse_feed,
)


def entry(**fields):
    """A FeedEntry with sensible blanks, overridden by `fields`."""
    title = fields.pop("title", "Gadolinium note")
    text = fields.pop("text", "Gadolinium prices held steady.")
    values = {
        "guid": None,
        "url": None,
        "title": title,
        "author": None,
        "published_at": None,
        "summary": "",
        "sanitized_html": f"<p>{text}</p>",
        "text": text,
        "language": "en",
        "content_hash": content_hash(title=title, text=text),
    }
    values.update(fields)
    return FeedEntry(**values)


def test_guid_is_the_key_when_present():
    key = dedupe_key(entry(guid="cmw-2025-0404-01", url="https://wire.example.com/a"))
    assert key == ("guid", "cmw-2025-0404-01")


def test_link_is_the_key_without_a_guid():
    assert dedupe_key(entry(url="https://wire.example.com/a")) == (
        "url",
        "https://wire.example.com/a",
    )


def test_content_hash_is_the_key_without_guid_or_link():
    item = entry()
    assert dedupe_key(item) == ("hash", item.content_hash)


@pytest.mark.parametrize("guid", ["", "   ", "id\twith\x01controls", "x" * 3000])
def test_unusable_guids_fall_back_to_the_link(guid):
    key = dedupe_key(entry(guid=guid, url="https://wire.example.com/a"))
    assert key == ("url", "https://wire.example.com/a")


def test_permalink_guids_ignore_tracking_parameters():
    a = entry(guid="https://wire.example.com/a?utm_source=rss")
    b = entry(guid="https://Wire.example.com/a#top")
    assert dedupe_key(a) == dedupe_key(b) == ("guid", "https://wire.example.com/a")


def test_duplicates_in_one_feed_collapse_to_one_entry_each(fixture_bytes):
    parsed = parse_feed(
        fixture_bytes("duplicates.xml"), url="https://roundup.example.com/feed"
    )
    assert len(parsed.entries) == 7
    entries, warnings = dedupe_entries(parsed.entries)
    titles = [e.title for e in entries]
    assert titles == [
        "Terbium licences: first approvals",
        "Gadolinium prices steady",
        "Yttrium note without a link",
        "Lutetium note",
    ]
    # The longer copy of each duplicate wins.
    assert entries[0].text.startswith("Longer version")
    assert "licence news" in entries[1].text
    assert warnings == ["3 duplicate item(s) in this fetch were merged"]


def test_the_later_published_copy_wins_over_the_longer_one():
    early = entry(
        guid="g1",
        text="A much longer first draft of the note about scandium licences.",
        published_at=datetime(2025, 6, 1, tzinfo=UTC),
    )
    late = entry(
        guid="g1", text="Corrected.", published_at=datetime(2025, 6, 2, tzinfo=UTC)
    )
    entries, _ = dedupe_entries([early, late])
    assert entries == [late]


def test_a_guid_shared_by_different_links_is_not_trusted():
    a = entry(guid="https://roundup.example.com/", url="https://roundup.example.com/a")
    b = entry(guid="https://roundup.example.com/", url="https://roundup.example.com/b")
    entries, warnings = dedupe_entries([a, b])
    assert [e.url for e in entries] == [a.url, b.url]
    assert all(e.guid is None for e in entries)
    assert [dedupe_key(e)[0] for e in entries] == ["url", "url"]
    assert "shared by items with different links" in warnings[0]


def test_distinct_entries_are_all_kept_in_order():
    items = [entry(url=f"https://wire.example.com/{n}") for n in range(5)]
    entries, warnings = dedupe_entries(items)
    assert entries == items
    assert warnings == []
