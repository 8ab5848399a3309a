"""Table-of-contents anchors: unique, valid and stable."""

import re

from hypothesis import given
from hypothesis import strategies as st

from articles.toc import heading_anchors

VALID_ANCHOR = re.compile(r"^[^\s#]+$")


def test_equal_headings_get_distinct_anchors():
    assert heading_anchors(["Scope", "Scope", "Scope"]) == [
        "scope",
        "scope-2",
        "scope-3",
    ]


def test_chinese_heading_keeps_its_characters():
    assert heading_anchors(["稀土出口管制"]) == ["稀土出口管制"]


def test_punctuation_only_heading_falls_back_to_its_position():
    assert heading_anchors(["Intro", "—?!", "…"]) == ["intro", "section-2", "section-3"]


def test_heading_starting_with_a_digit_gets_a_letter_prefix():
    assert heading_anchors(["2025 controls"]) == ["s-2025-controls"]


def test_anchors_are_stable_for_the_same_headings():
    headings = ["What changed", "What didn't", "What changed"]
    assert heading_anchors(headings) == heading_anchors(list(headings))


@given(st.lists(st.text(max_size=40), max_size=30))
def test_any_headings_get_unique_valid_anchors(texts):
    anchors = heading_anchors(texts)
    assert len(anchors) == len(texts)
    assert len(set(anchors)) == len(anchors)
    assert all(VALID_ANCHOR.match(a) for a in anchors)
