"""Bounded work per fetch: entity declarations refused, each parse budgeted."""

from __future__ import annotations

import tracemalloc

import pytest

from policy.reporting.ingest import IngestError, ParseError, parse_content, parse_feed
from policy.reporting.ingest.limits import ENTITIES_REFUSED, ParseBudget

from .hostile import (
    billion_laughs,
    declaration_after_comment,
    declaration_in_cdata,
    declaration_in_comment,
    quadratic_blowup,
)

FEED_URL = "https://desk.example.com/feed.xml"
KB = 1024


@pytest.mark.parametrize("size", [25 * KB, 110 * KB, 4 * 1024 * KB])
def test_quadratic_blowup_is_refused_at_every_size_without_expanding(size):
    feed = quadratic_blowup(size)
    assert len(feed) >= size * 0.95
    tracemalloc.start()
    try:
        with pytest.raises(ParseError) as caught:
            parse_content(feed, url=FEED_URL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == ENTITIES_REFUSED
    # Decoding the document is the only work done: a few copies of it, never the
    # expansion (at 110 KB that would be a gigabyte).
    assert peak < 8 * len(feed) + 1024 * KB


def test_billion_laughs_is_refused_without_expanding():
    tracemalloc.start()
    try:
        with pytest.raises(ParseError) as caught:
            parse_content(billion_laughs(), url=FEED_URL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == ENTITIES_REFUSED
    assert peak < 1024 * KB


def test_a_declaration_quoted_in_a_comment_is_not_refused():
    parsed = parse_feed(declaration_in_comment(), url=FEED_URL)
    assert [e.title for e in parsed.entries] == ["Scandium note"]


def test_a_declaration_inside_cdata_is_not_refused():
    parsed = parse_feed(declaration_in_cdata(), url=FEED_URL)
    entry = parsed.entries[0]
    assert entry.title == "How the billion-laughs attack works"
    # In the item's HTML it is a bogus comment, which the sanitizer drops.
    assert entry.text == "It starts with and nests references."


def test_a_declaration_after_a_closed_comment_is_refused():
    with pytest.raises(ParseError) as caught:
        parse_feed(declaration_after_comment(), url=FEED_URL)
    assert str(caught.value) == ENTITIES_REFUSED


def test_an_unclosed_comment_hides_nothing_after_it():
    # The whole rest of the document is inside the comment, as a parser reads it.
    feed = declaration_in_comment().replace(b" here -->", b" here")
    with pytest.raises(ParseError) as caught:
        parse_feed(feed, url=FEED_URL)
    assert str(caught.value) != ENTITIES_REFUSED


def test_running_out_of_memory_while_parsing_is_an_ingest_error(monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("policy.reporting.ingest.feeds.sanitize_html", exhausted)
    with pytest.raises(IngestError) as caught:
        parse_content(declaration_in_cdata(), url=FEED_URL)
    assert str(caught.value) == "refused: parsing ran out of memory"


def test_a_parse_that_outgrows_its_budget_stops_with_a_reason(monkeypatch):
    monkeypatch.setattr(
        "policy.reporting.ingest.feeds.ParseBudget.for_input",
        classmethod(lambda cls, size: ParseBudget(seconds=30, max_chars=10)),
    )
    with pytest.raises(ParseError) as caught:
        parse_feed(declaration_in_cdata(), url=FEED_URL)
    assert str(caught.value) == (
        "refused: the content grows past 10 characters when parsed"
    )


def test_a_parse_past_its_deadline_stops_with_a_reason(monkeypatch):
    monkeypatch.setattr(
        "policy.reporting.ingest.feeds.ParseBudget.for_input",
        classmethod(lambda cls, size: ParseBudget(seconds=-1, max_chars=10**9)),
    )
    with pytest.raises(ParseError) as caught:
        parse_feed(declaration_in_cdata(), url=FEED_URL)
    assert str(caught.value) == "refused: parsing took longer than -1 s"
