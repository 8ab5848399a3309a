"""Feed bytes into entries: formats, links, sanitizing, encodings and hostile XML."""

import time
from datetime import UTC, datetime

import pytest

from policy.reporting.ingest import NotAFeed, ParseError, parse_feed

FEED_URL = "https://wire.example.com/feeds/main.xml"


def test_rss2_feed_parses_into_entries(fixture_bytes):
    parsed = parse_feed(fixture_bytes("rss20.xml"), url=FEED_URL)
    assert parsed.format == "rss20"
    assert parsed.title == "Critical Minerals Wire"
    assert parsed.language == "en-gb"
    assert len(parsed.entries) == 3
    first = parsed.entries[0]
    assert first.guid == "cmw-2025-0404-01"
    assert first.title.startswith("MOFCOM adds seven medium and heavy rare earths")
    assert first.author == "Lena Marsh"
    assert first.published_at == datetime(2025, 4, 4, 1, 30, tzinfo=UTC)
    assert first.summary.startswith("Exporters of samarium, gadolinium")
    assert "samarium, gadolinium, terbium, dysprosium" in first.text
    assert first.language == "en-gb"
    assert len(first.content_hash) == 64
    assert not first.encoding_suspect
    assert parsed.entries[2].guid is None


def test_rss1_rdf_feed_parses_into_entries(fixture_bytes):
    parsed = parse_feed(
        fixture_bytes("rss10.rdf"), url="https://ministry-watch.example.org/rss"
    )
    assert parsed.format == "rss10"
    assert [e.url for e in parsed.entries] == [
        "https://ministry-watch.example.org/notices/2025-18",
        "https://ministry-watch.example.org/notices/2025-61",
    ]
    assert (
        parsed.entries[0].guid == "https://ministry-watch.example.org/notices/2025-18"
    )
    assert parsed.entries[0].published_at == datetime(2025, 4, 4, 2, 0, tzinfo=UTC)
    assert parsed.entries[0].author == "Ministry Watch desk"
    assert parsed.language == "en"


def test_atom_feed_parses_into_entries(fixture_bytes):
    parsed = parse_feed(
        fixture_bytes("atom.xml"),
        url="https://trade-desk.example.net/rare-earths/feed.atom",
    )
    assert parsed.format == "atom10"
    first, second = parsed.entries
    assert first.guid == "tag:trade-desk.example.net,2025:entry-41"
    assert first.author == "Priya Natarajan"
    assert first.published_at == datetime(2025, 5, 20, 7, 15, tzinfo=UTC)
    assert first.summary == (
        "Traders describe waits of several weeks for dysprosium oxide licences."
    )
    # An xhtml title arrives as plain text, and the entry's xml:lang wins.
    assert second.title == "Scandium and yttrium: quieter but controlled"
    assert second.language == "en-us"
    assert second.published_at == datetime(2025, 7, 2, 14, 45, tzinfo=UTC)


def test_relative_links_resolve_against_the_feed_url(fixture_bytes):
    parsed = parse_feed(fixture_bytes("rss20.xml"), url=FEED_URL)
    first = parsed.entries[0]
    # utm_* dropped from the canonical link, too.
    assert first.url == "https://wire.example.com/notes/2025/04/seven-rare-earths"
    assert 'href="https://wire.example.com/notes/2025/04/licence-procedure"' in (
        first.sanitized_html
    )
    assert 'src="https://wire.example.com/feeds/charts/terbium-exports.png"' in (
        first.sanitized_html
    )


def test_relative_links_resolve_against_atom_xml_base(fixture_bytes):
    parsed = parse_feed(fixture_bytes("atom.xml"), url="https://elsewhere.example/feed")
    first, second = parsed.entries
    assert (
        first.url
        == "https://trade-desk.example.net/rare-earths/2025/05/dysprosium-queues"
    )
    assert (
        'href="https://trade-desk.example.net/rare-earths/2025/04/licence-timeline"'
        in first.sanitized_html
    )
    assert (
        'href="https://trade-desk.example.net/about/methods"' in second.sanitized_html
    )


def test_script_links_and_handlers_are_removed(fixture_bytes):
    parsed = parse_feed(fixture_bytes("rss20.xml"), url=FEED_URL)
    for entry in parsed.entries:
        html = entry.sanitized_html.lower()
        assert "javascript" not in html
        assert "<script" not in html
        assert "onerror" not in html
        assert "alert(" not in entry.text
    assert 'rel="noopener noreferrer"' in parsed.entries[0].sanitized_html


def test_billion_laughs_is_refused_quickly_without_expansion(fixture_bytes):
    started = time.monotonic()
    with pytest.raises(ParseError) as caught:
        parse_feed(fixture_bytes("billion-laughs.xml"), url=FEED_URL)
    assert time.monotonic() - started < 1
    assert str(caught.value) == "refused: XML entity declarations"


def test_external_entity_never_leaks_local_files(fixture_bytes):
    with pytest.raises(ParseError) as caught:
        parse_feed(fixture_bytes("external-entity.xml"), url=FEED_URL)
    assert "root:" not in str(caught.value)


def test_external_entity_on_one_line_is_refused_too():
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>'
    )
    with pytest.raises(ParseError):
        parse_feed(feed, url=FEED_URL)


def test_even_a_harmless_looking_entity_declaration_is_refused():
    # One short internal entity referenced often enough is the quadratic blowup.
    feed = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY copy "(c)">\n]>\n'
        b'<rss version="2.0"><channel><title>Desk &copy;</title><item>'
        b"<title>Lutetium &copy;</title><link>https://a.example/lu</link>"
        b"</item></channel></rss>"
    )
    with pytest.raises(ParseError) as caught:
        parse_feed(feed, url=FEED_URL)
    assert str(caught.value) == "refused: XML entity declarations"


def test_feed_with_recoverable_errors_keeps_its_entries_and_warns(fixture_bytes):
    raw = fixture_bytes("rss20.xml")
    truncated = raw[: raw.index(b"</item>") + len(b"</item>")] + b"<item><title>Half"
    parsed = parse_feed(truncated, url=FEED_URL)
    assert [e.guid for e in parsed.entries] == ["cmw-2025-0404-01"]
    assert parsed.warnings[0].startswith("feed has errors; kept the items")
    assert "skipped 1 empty item(s)" in parsed.warnings


def test_feed_broken_before_any_entry_is_a_malformed_feed():
    with pytest.raises(ParseError) as caught:
        parse_feed(b'<rss version="2.0"><channel><title>Only a title', url=FEED_URL)
    assert str(caught.value).startswith("malformed feed: ")


def test_valid_feed_without_items_has_no_entries():
    parsed = parse_feed(
        b'<rss version="2.0"><channel><title>Quiet week</title></channel></rss>',
        url=FEED_URL,
    )
    assert parsed.entries == ()
    assert parsed.warnings == ()


@pytest.mark.parametrize("name", ["garbage.bin", "article.html"])
def test_bytes_that_are_not_a_feed_are_said_to_be_so(fixture_bytes, name):
    with pytest.raises(NotAFeed) as caught:
        parse_feed(fixture_bytes(name), url=FEED_URL)
    assert str(caught.value).startswith("not a feed: ")


def test_latin1_declared_feed_is_decoded(fixture_bytes):
    parsed = parse_feed(
        fixture_bytes("latin1.xml"), url="https://metaux.example.fr/rss"
    )
    entry = parsed.entries[0]
    assert parsed.title == "Bulletin des métaux rares"
    assert (
        entry.title
        == "Contrôles chinois : le dysprosium et le terbium soumis à licence"
    )
    assert "lutétium" in entry.text
    assert "prix en £ et en ¥" in entry.text
    assert not entry.encoding_suspect


def test_utf8_feed_wrongly_declared_latin1_is_read_as_utf8(fixture_bytes):
    parsed = parse_feed(
        fixture_bytes("utf8-declared-latin1.xml"),
        url="https://ledger.example.com/rss",
        content_type="application/rss+xml; charset=ISO-8859-1",
    )
    entry = parsed.entries[0]
    assert entry.title == (
        "Dysprosium (镝) and terbium (铽) licences: “consolidation, not liberalisation”"
    )
    assert "café-table talk" in entry.text
    assert not entry.encoding_suspect


def test_mojibake_item_is_repaired_and_flagged(fixture_bytes):
    parsed = parse_feed(
        fixture_bytes("mojibake.xml"), url="https://mirror.example.com/rss"
    )
    damaged, clean = parsed.entries
    assert damaged.encoding_suspect
    assert damaged.title == "China’s licence rules for dysprosium — what’s new"
    assert "“medium and heavy”" in damaged.text
    assert not clean.encoding_suspect


def test_nul_bytes_never_reach_the_entries():
    feed = (
        b'<rss version="2.0"><channel><item><title>Sama\x00rium</title>'
        b"<description>Controls\x00 apply.</description></item></channel></rss>"
    )
    entry = parse_feed(feed, url=FEED_URL).entries[0]
    assert entry.title == "Samarium"
    assert "\x00" not in entry.text + entry.summary + entry.sanitized_html


def test_rss_guids_are_kept_as_written_not_resolved_against_the_feed_url(fixture_bytes):
    parsed = parse_feed(fixture_bytes("duplicates.xml"), url=FEED_URL)
    assert parsed.entries[0].guid == "roundup-terbium-0612"


def test_external_entity_is_not_loaded_even_without_the_pre_check(
    fixture_bytes, monkeypatch
):
    # Second line of defence: feedparser itself never loads external entities.
    monkeypatch.setattr(
        "policy.reporting.ingest.feeds.refuse_entity_declarations",
        lambda text, **kw: None,
    )
    parsed = parse_feed(fixture_bytes("external-entity.xml"), url=FEED_URL)
    assert "root:" not in repr(parsed)
    assert "/bin/" not in repr(parsed)


def test_references_to_surrogates_and_nul_are_dropped_and_the_item_kept():
    # feedparser raised UnicodeEncodeError on &#xD800;, losing the whole feed.
    feed = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        b"<title>Wire</title><item><guid>g1</guid>"
        b"<title>Terbium &#xD800;quotas &#0;&#1114112;now &#233;</title>"
        b"<description>A lone &#xDC00;surrogate and a NUL \x00byte.</description>"
        b"</item></channel></rss>"
    )
    parsed = parse_feed(feed, url=FEED_URL)
    assert [e.title for e in parsed.entries] == ["Terbium quotas now \u00e9"]
    assert parsed.entries[0].text == "A lone surrogate and a NUL byte."
