"""Fidelity against a sample of feedparser's own test suite (vendored with its licence).

Each sample file says in an "Expect:" comment what feedparser must find in it;
the claims about a feed's or first entry's title and link are checked here
against what our parser (fastfeedparser first, feedparser for the rest) finds.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policy.reporting.ingest import canonical_url, looks_misdecoded, parse_feed

CORPUS = (
    Path(__file__).resolve().parents[3] / "fixtures" / "ingest" / "feedparser-corpus"
)
_EXPECT = re.compile(r"Expect:\s*(.*)")
_CLAIM = re.compile(r"""(feed|entries\[0\])\['(title|link)'\] == ('[^']*'|"[^"]*")""")


def _claims() -> list[tuple[str, str, str, str]]:
    cases = []
    for path in sorted(CORPUS.rglob("*.xml")):
        if "chardet" in path.parts:
            continue
        expect = _EXPECT.search(path.read_text("latin-1"))
        claim = _CLAIM.search(expect.group(1)) if expect else None
        if claim:
            where, field, literal = claim.groups()
            name = str(path.relative_to(CORPUS))
            cases.append((name, where, field, ast.literal_eval(literal)))
    return cases


CLAIMS = _claims()


def test_the_sample_covers_every_dialect():
    folders = {name.split("/")[1] for name, *_ in CLAIMS}
    assert {"atom", "atom10", "rss", "rdf", "namespace", "sanitize"} <= folders
    assert len(CLAIMS) >= 70


@pytest.mark.parametrize(("name", "where", "field", "expected"), CLAIMS)
def test_titles_and_links_come_out_as_feedparser_expects(name, where, field, expected):
    parsed = parse_feed((CORPUS / name).read_bytes(), url="http://127.0.0.1:8097/")
    if where == "feed":
        found = parsed.title if field == "title" else parsed.link
    else:
        entry = parsed.entries[0]
        found = entry.title if field == "title" else entry.url
    if field == "link":
        assert found == canonical_url(expected)
    else:
        assert found == " ".join(expected.split())


CHARDET = sorted((CORPUS / "illformed" / "chardet").glob("*.xml"))
_ENCODING_CLAIM = re.compile(r"encoding == '([^']+)'")
# A run of letters in the file's own script, as its named encoding spells them.
_WORDS = re.compile(r"[^\x00-\x7f]{4,}")


@pytest.mark.parametrize("path", CHARDET, ids=lambda path: path.stem)
def test_unlabelled_legacy_encodings_are_read_without_mojibake(path):
    raw = path.read_bytes()
    codec = _ENCODING_CLAIM.search(raw.decode("latin-1")).group(1)
    expected = _WORDS.search(raw.decode(codec)).group(0)
    parsed = parse_feed(raw, url="http://127.0.0.1:8097/")
    found = " ".join(
        [parsed.title or ""]
        + [f"{entry.title} {entry.text}" for entry in parsed.entries]
    )
    assert expected in found
    assert not looks_misdecoded(found)
    assert not any(entry.encoding_suspect for entry in parsed.entries)
