"""HTML article pages into one entry; pages without an article give None."""

from datetime import UTC, datetime

import pytest

from policy.reporting.ingest import ParseError, parse_page

PAGE_URL = "https://ledger.example.com/analysis/licence-queue?utm_source=newsletter"


def test_article_page_becomes_one_entry(fixture_bytes):
    entry = parse_page(
        fixture_bytes("article.html"), url=PAGE_URL, content_type="text/html"
    )
    assert entry is not None
    assert entry.title == "Why the rare-earth licence queue matters"
    assert entry.author == "Hannah Okafor"
    assert entry.published_at == datetime(2025, 9, 15, 8, 0, tzinfo=UTC)
    assert entry.language == "en"
    assert entry.url == "https://ledger.example.com/analysis/licence-queue"
    assert entry.guid is None
    assert "every export of samarium, gadolinium, terbium" in entry.text
    assert entry.summary.startswith("Since April 2025")
    assert not entry.encoding_suspect


def test_page_boilerplate_is_left_out(fixture_bytes):
    entry = parse_page(fixture_bytes("article.html"), url=PAGE_URL)
    assert "Subscribe" not in entry.text
    assert "Privacy" not in entry.text


def test_page_links_are_absolute_and_safe(fixture_bytes):
    entry = parse_page(fixture_bytes("article.html"), url=PAGE_URL)
    assert (
        '<a href="https://ledger.example.com/analysis/general-licences"'
        ' rel="noopener noreferrer">'
    ) in entry.sanitized_html


def test_page_without_article_text_gives_none():
    page = b"<html><body><nav><a href='/'>Home</a> <a href='/x'>Analysis</a></nav>"
    assert (
        parse_page(page + b"</body></html>", url="https://ledger.example.com/") is None
    )


def test_garbage_bytes_give_no_article(fixture_bytes):
    assert (
        parse_page(fixture_bytes("garbage.bin"), url="https://x.example.com/") is None
    )


def test_page_declaring_entities_is_refused():
    page = (
        b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>&x;</p></body></html>"
    )
    with pytest.raises(ParseError) as caught:
        parse_page(page, url="https://x.example.com/")
    assert str(caught.value) == "refused: XML entity declarations"


def test_page_in_a_legacy_encoding_is_decoded_from_its_meta_tag(fixture_bytes):
    html = fixture_bytes("article.html").decode("utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    html = html.replace("the wait has become", "the wait – and its cost – has become")
    entry = parse_page(html.encode("cp1252"), url=PAGE_URL)
    assert "the wait – and its cost – has become" in entry.text
    assert not entry.encoding_suspect
