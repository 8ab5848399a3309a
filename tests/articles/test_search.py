"""Site search over live analysis, highlights and licence events."""

import datetime as dt
import re

import pytest
from wagtail.models import PageViewRestriction

from articles.search_text import search_snippet, search_terms, stream_texts
from tests.factories import (
    ArticlePageFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    highlight,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dysprosium_content(article_index, tracker):
    dysprosium = MaterialFactory(name="Dysprosium", slug="dysprosium", symbol="Dy")
    article = ArticlePageFactory(
        parent=article_index,
        title="What the April controls mean for magnet makers",
        highlights=[
            highlight("Dysprosium and terbium exports now need a licence per shipment.")
        ],
    )
    event = LicenceEventPageFactory(
        parent=tracker,
        title="MOFCOM lists seven medium and heavy rare earths",
        summary="Exports of samarium, gadolinium, terbium, dysprosium, lutetium, "
        "scandium and yttrium now need a licence.",
        materials=[dysprosium],
    )
    other = ArticlePageFactory(parent=article_index, title="Gallium quotas")
    return {"article": article, "event": event, "other": other}


def test_dysprosium_finds_the_article_and_the_event(client, dysprosium_content):
    html = client.get("/search/", {"q": "dysprosium"}).content.decode()
    assert dysprosium_content["article"].title in html
    assert dysprosium_content["event"].title in html
    assert dysprosium_content["other"].title not in html
    assert "2 results" in html


def test_results_carry_a_snippet_with_the_match_marked(client, dysprosium_content):
    html = client.get("/search/", {"q": "dysprosium"}).content.decode()
    assert "<mark>Dysprosium</mark> and terbium exports" in html
    assert "gadolinium, terbium, <mark>dysprosium</mark>" in html


def test_drafts_and_private_pages_are_never_found(client, dysprosium_content):
    article, event = dysprosium_content["article"], dysprosium_content["event"]
    article.unpublish()
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    html = client.get("/search/", {"q": "dysprosium"}).content.decode()
    assert article.title not in html
    assert event.title not in html
    assert "0 results" in html


def test_search_matches_words_in_the_body(client, article_index):
    ArticlePageFactory(
        parent=article_index,
        title="A body-only match",
        body=[
            ("paragraph", "<p>Yttrium coatings for turbine blades are affected.</p>")
        ],
    )
    html = client.get("/search/", {"q": "yttrium"}).content.decode()
    assert "A body-only match" in html
    assert "<mark>Yttrium</mark> coatings" in html


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "!!! ??? ... &&& ||"},
        {"q": "dysprosium " * 1000},
        {"q": "x" * 10_000},
        {"q": '"unbalanced AND (OR NOT'},
        {"q": "dysprosium", "page": "abc"},
        {"q": "dysprosium", "page": "-3"},
        {"q": "dysprosium", "page": "9" * 400},
        {"q": "\x00 a null byte"},
        {"q": "<script>alert(1)</script>"},
    ],
)
def test_empty_or_absurd_queries_give_a_normal_page(client, dysprosium_content, query):
    response = client.get("/search/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="search-form"' in html
    assert "<script>alert(1)</script>" not in html


def test_punctuation_only_query_asks_for_a_word(client, dysprosium_content):
    html = client.get("/search/", {"q": "?!"}).content.decode()
    assert "Type a word to search for" in html


def test_results_are_paginated_and_keep_the_query(client, article_index):
    for i in range(13):
        ArticlePageFactory(
            parent=article_index,
            title=f"Scandium note {i:02d}",
            dek="Scandium supply is thin.",
        )
    first = client.get("/search/", {"q": "scandium"}).content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?q=scandium&amp;page=2"' in first
    second = client.get("/search/", {"q": "scandium", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    assert second.count('class="card search-hit"') == 3


@pytest.mark.parametrize("n", [1, 12])
def test_search_query_count_does_not_grow_with_results(
    client, article_index, tracker, django_assert_max_num_queries, n
):
    lutetium = MaterialFactory(name="Lutetium", slug="lutetium")
    for i in range(n):
        ArticlePageFactory(parent=article_index, dek=f"Lutetium note {i}.")
        LicenceEventPageFactory(
            parent=tracker, summary=f"Lutetium event {i}.", materials=[lutetium]
        )
    client.get("/search/", {"q": "lutetium"})
    # 17: a count and a page of rows for each of the two types, merged newest first.
    with django_assert_max_num_queries(17):
        assert client.get("/search/", {"q": "lutetium"}).status_code == 200


def test_search_terms_drop_punctuation_and_bound_the_query():
    assert search_terms("  Dysprosium, terbium!! ") == ["dysprosium", "terbium"]
    assert search_terms("&&& || ???") == []
    assert search_terms(None) == []
    assert len(search_terms("word " * 5000)) == 12
    assert all(len(t) <= 40 for t in search_terms("y" * 10_000))


def test_stream_texts_reads_prose_and_skips_urls_and_ids():
    raw = [
        {
            "type": "paragraph",
            "id": "abc",
            "value": "<p>Hello &amp; <b>welcome</b></p>",
        },
        {
            "type": "highlight",
            "value": {"text": "A claim", "citations": [{"url": "https://x.org"}]},
        },
    ]
    assert list(stream_texts(raw)) == ["Hello & welcome", "A claim"]


def test_snippet_centres_on_the_first_match_and_cuts_at_words():
    text = "word " * 100 + "dysprosium exports slowed " + "tail " * 100
    snippet, parts = search_snippet(["Intro without it.", text], ["dysprosium"])
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert ("dysprosium", True) in parts
    assert len(snippet) <= 230


def _hit_titles(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', html)


def test_results_list_events_and_analysis_newest_first(client, article_index, tracker):
    # Created oldest first, so neither creation order nor ids give the answer.
    for title, day in [
        ("Samarium listed in April", dt.date(2025, 4, 4)),
        ("Samarium controls suspended", dt.date(2025, 11, 10)),
        ("Samarium licences general", dt.date(2025, 12, 4)),
    ]:
        LicenceEventPageFactory(
            parent=tracker, title=title, summary="Samarium.", announced_on=day
        )
    ArticlePageFactory(
        parent=article_index,
        title="Samarium after October",
        dek="Samarium.",
        publication_date=dt.date(2025, 10, 20),
    )
    html = client.get("/search/", {"q": "samarium"}).content.decode()
    assert _hit_titles(html) == [
        "Samarium licences general",
        "Samarium controls suspended",
        "Samarium after October",
        "Samarium listed in April",
    ]


def test_second_page_of_results_continues_newest_first(client, tracker):
    for month in range(1, 13):
        LicenceEventPageFactory(
            parent=tracker,
            title=f"Yttrium event {month:02d}",
            summary="Yttrium.",
            announced_on=dt.date(2025, month, 1),
        )
    first = _hit_titles(client.get("/search/", {"q": "yttrium"}).content.decode())
    second = _hit_titles(
        client.get("/search/", {"q": "yttrium", "page": 2}).content.decode()
    )
    assert first + second == [f"Yttrium event {m:02d}" for m in range(12, 0, -1)]
