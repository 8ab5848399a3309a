"""The whole pipeline against a real local server: fetch, sniff, parse, dedupe."""

import pytest
from werkzeug import Response

from policy.reporting.ingest import (
    HTTPStatusError,
    ParseError,
    RefusedAddress,
    dedupe_key,
    fetch_and_parse,
    parse_content,
    sniff_kind,
)
from policy.reporting.ingest.pipeline import NO_CONTENT


@pytest.mark.parametrize(
    ("name", "content_type", "expected_format"),
    [
        ("rss20.xml", "application/rss+xml", "rss20"),
        ("rss10.rdf", "application/rdf+xml", "rss10"),
        ("atom.xml", "application/atom+xml", "atom10"),
        # Mislabelled by the server: the root element decides.
        ("atom.xml", "text/html; charset=utf-8", "atom10"),
        ("rss20.xml", "text/plain", "rss20"),
    ],
)
def test_feeds_are_fetched_and_parsed(
    httpserver, options, fixture_bytes, name, content_type, expected_format
):
    httpserver.expect_request("/feed").respond_with_data(
        fixture_bytes(name), content_type=content_type
    )
    result = fetch_and_parse(httpserver.url_for("/feed"), options=options)
    assert result.format == expected_format
    assert result.entries
    assert result.final_url == httpserver.url_for("/feed")
    assert not result.not_modified


def test_relative_feed_links_resolve_against_the_fetched_url(
    httpserver, options, fixture_bytes
):
    httpserver.expect_request("/feeds/main.xml").respond_with_data(
        fixture_bytes("rss20.xml"), content_type="application/rss+xml"
    )
    result = fetch_and_parse(httpserver.url_for("/feeds/main.xml"), options=options)
    base = httpserver.url_for("/")
    assert result.entries[0].url == f"{base}notes/2025/04/seven-rare-earths"
    assert f'src="{base}feeds/charts/terbium-exports.png"' in (
        result.entries[0].sanitized_html
    )


def test_html_article_page_is_fetched_as_one_entry(httpserver, options, fixture_bytes):
    httpserver.expect_request("/analysis/licence-queue").respond_with_data(
        fixture_bytes("article.html"), content_type="text/html; charset=utf-8"
    )
    result = fetch_and_parse(
        httpserver.url_for("/analysis/licence-queue"), options=options
    )
    assert result.format == "html"
    (entry,) = result.entries
    assert entry.title == "Why the rare-earth licence queue matters"
    assert dedupe_key(entry) == ("url", httpserver.url_for("/analysis/licence-queue"))


def test_garbage_is_neither_feed_nor_article(httpserver, options, fixture_bytes):
    httpserver.expect_request("/blob").respond_with_data(
        fixture_bytes("garbage.bin"), content_type="application/octet-stream"
    )
    with pytest.raises(ParseError) as caught:
        fetch_and_parse(httpserver.url_for("/blob"), options=options)
    assert str(caught.value) == NO_CONTENT == "not a feed and no article text found"


def test_duplicates_are_merged_within_one_fetch(httpserver, options, fixture_bytes):
    httpserver.expect_request("/feed").respond_with_data(
        fixture_bytes("duplicates.xml"), content_type="application/rss+xml"
    )
    result = fetch_and_parse(httpserver.url_for("/feed"), options=options)
    assert len(result.entries) == 4
    assert len({dedupe_key(e) for e in result.entries}) == 4
    assert "3 duplicate item(s) in this fetch were merged" in result.warnings


def test_conditional_fetch_reports_not_modified_and_keeps_validators(
    httpserver, options, fixture_bytes
):
    def feed(request):
        if request.headers.get("If-None-Match") == '"rss-7"':
            return Response(status=304)
        return Response(
            fixture_bytes("rss20.xml"),
            content_type="application/rss+xml",
            headers={
                "ETag": '"rss-7"',
                "Last-Modified": "Mon, 10 Nov 2025 08:00:00 GMT",
            },
        )

    httpserver.expect_request("/feed").respond_with_handler(feed)
    first = fetch_and_parse(httpserver.url_for("/feed"), options=options)
    assert len(first.entries) == 3
    second = fetch_and_parse(
        httpserver.url_for("/feed"),
        options=options,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert second.not_modified
    assert second.entries == ()
    assert second.etag == '"rss-7"'
    assert second.last_modified == "Mon, 10 Nov 2025 08:00:00 GMT"


def test_redirected_feed_reports_its_final_url(httpserver, options, fixture_bytes):
    httpserver.expect_request("/old-feed").respond_with_data(
        "", status=301, headers={"Location": "/feeds/main.xml"}
    )
    httpserver.expect_request("/feeds/main.xml").respond_with_data(
        fixture_bytes("rss20.xml"), content_type="application/rss+xml"
    )
    result = fetch_and_parse(httpserver.url_for("/old-feed"), options=options)
    assert result.url == httpserver.url_for("/old-feed")
    assert result.final_url == httpserver.url_for("/feeds/main.xml")
    assert any("redirect" in w for w in result.warnings)


def test_fetch_errors_propagate_unchanged(httpserver, options):
    httpserver.expect_request("/feed").respond_with_data("", status=410)
    with pytest.raises(HTTPStatusError):
        fetch_and_parse(httpserver.url_for("/feed"), options=options)
    with pytest.raises(RefusedAddress):
        fetch_and_parse("http://169.254.169.254/latest/", options=options)


def test_explicit_kind_reports_a_format_mismatch(fixture_bytes):
    parsed = parse_content(
        fixture_bytes("atom.xml"), url="https://trade-desk.example.net/f", kind="rss"
    )
    assert parsed.format == "atom10"
    assert "expected RSS, found atom10 (parsed anyway)" in parsed.warnings


def test_explicit_html_kind_without_article_is_an_error():
    with pytest.raises(ParseError) as caught:
        parse_content(
            b"<html><body></body></html>", url="https://x.example/", kind="html"
        )
    assert str(caught.value) == "no article text found on the page"


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_content(b"", url="https://x.example/", kind="json")


@pytest.mark.parametrize(
    ("head", "content_type", "kind"),
    [
        (b'<?xml version="1.0"?>\n<!-- hi -->\n<rss version="2.0">', None, "feed"),
        (
            b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>",
            "text/html",
            "feed",
        ),
        (b"<rdf:RDF xmlns:rdf='x'>", None, "feed"),
        (b"<!DOCTYPE html><html lang='en'>", "application/xml", "page"),
        (b"", "text/html", "page"),
        (b"", "application/rss+xml", "feed"),
        (b"\x89PNG\r\n", "image/png", "unknown"),
    ],
)
def test_sniffing_uses_the_root_element_before_the_content_type(
    head, content_type, kind
):
    assert sniff_kind(head, content_type=content_type) == kind
