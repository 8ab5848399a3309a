"""/api/v1/articles/: live, public analysis with its structure, filterable."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.blocks import ArticleBodyBlock
from tests.factories import AuthorFactory, TopicFactory, highlight
from tests.factories.api import (
    ReportFactory,
    cite,
    every_block_body,
    make_article,
    make_private,
    publish,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


def _titles(response):
    assert response.status_code == 200, response.content
    return [a["title"] for a in response.json()["results"]]


def test_list_shows_an_article_with_its_parts(client, article_index, topic):
    author = AuthorFactory(name="Mei-Lin Zhou", slug="mei-lin-zhou")
    article = make_article(
        article_index,
        title="General licences",
        topics=[topic],
        highlights=[
            highlight(
                "Some exporters may hold general licences.",
                label="MOFCOM statement",
                url="https://www.mofcom.gov.cn/",
            )
        ],
        sources=[
            {
                "type": "source",
                "value": {
                    "label": "MOFCOM statement",
                    "url": "https://www.mofcom.gov.cn/",
                    "publisher": "MOFCOM",
                    "accessed": "2025-12-04",
                },
            }
        ],
        bylines=[],
    )
    article.bylines.create(author=author, sort_order=0)
    publish(article)

    body = client.get(URL).json()
    assert body["rights"]["copyright_holder"]
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == article.pk
    assert item["title"] == "General licences"
    assert item["url"].endswith(article.url)
    assert item["authors"] == [
        {
            "id": author.pk,
            "name": "Mei-Lin Zhou",
            "slug": "mei-lin-zhou",
            "role": "Analyst",
        }
    ]
    assert [t["slug"] for t in item["topics"]] == ["export-controls"]
    assert item["highlights"][0]["text"] == "Some exporters may hold general licences."
    assert item["highlights"][0]["citations"] == [
        {
            "label": "MOFCOM statement",
            "url": "https://www.mofcom.gov.cn/",
            "event": None,
            "report": None,
        }
    ]
    assert item["sources"][0]["publisher"] == "MOFCOM"
    assert item["sources"][0]["accessed"] == "2025-12-04"
    assert item["first_published_at"] and item["last_published_at"]


def test_detail_adds_contents_and_typed_body_blocks(client, article_index):
    article = make_article(
        article_index,
        body=[
            {"type": "heading", "value": {"text": "What changed", "level": "2"}},
            {"type": "paragraph", "value": "<p>MOFCOM <b>said</b> so.</p>"},
            {
                "type": "what_changed",
                "value": {
                    "title": "",
                    "changed": [{"dimension": "procedure", "statement": "General."}],
                    "unchanged": [],
                    "undisclosed": [
                        {"dimension": "destinations", "statement": "Not named."}
                    ],
                },
            },
            {"type": "heading", "value": {"text": "What to infer", "level": "3"}},
            {"type": "quote", "value": {"quote": "Conditional.", "attribution": ""}},
        ],
    )
    body = client.get(f"{URL}{article.pk}/").json()
    assert body["rights"]["copyright"].startswith("©")
    assert body["table_of_contents"] == [
        {"anchor": "what-changed", "text": "What changed", "level": 2},
        {"anchor": "what-to-infer", "text": "What to infer", "level": 3},
    ]
    types = [b["type"] for b in body["body"]]
    assert types == ["heading", "paragraph", "what_changed", "heading", "quote"]
    heading, paragraph, changed = body["body"][:3]
    assert heading["anchor"] == "what-changed" and heading["level"] == 2
    assert heading["id"]
    assert paragraph["html"] == "<p>MOFCOM <b>said</b> so.</p>"
    assert changed["undisclosed"] == [
        {
            "dimension": "destinations",
            "dimension_label": "Destinations",
            "statement": "Not named.",
        }
    ]


def test_detail_by_slug_matches_detail_by_id(client, article_index):
    article = make_article(article_index, slug="general-licences")
    by_slug = client.get(f"{URL}by-slug/general-licences/")
    assert by_slug.status_code == 200
    assert by_slug.json() == client.get(f"{URL}{article.pk}/").json()
    assert client.get(f"{URL}by-slug/no-such-piece/").status_code == 404


def test_drafts_and_private_articles_never_appear(client, article_index):
    make_article(article_index, title="Public piece")
    draft = make_article(article_index, title="Unpublished piece")
    draft.unpublish()
    private = make_article(article_index, title="Private piece", slug="private")
    make_private(private)
    never_published = make_article(article_index, title="Never published")
    never_published.live = False
    never_published.save()

    assert _titles(client.get(URL)) == ["Public piece"]
    for page in (draft, private, never_published):
        assert client.get(f"{URL}{page.pk}/").status_code == 404
    assert client.get(f"{URL}by-slug/private/").status_code == 404


def test_a_pending_draft_shows_the_published_version(client, article_index):
    article = make_article(article_index, title="Published title")
    article.title = "Draft title"
    article.highlights = [highlight("A draft claim.")]
    article.save_revision()
    item = client.get(URL).json()["results"][0]
    assert item["title"] == "Published title"
    assert [h["text"] for h in item["highlights"]] == ["A claim."]


def test_filters_by_topic_and_author_accept_comma_lists(client, article_index):
    controls = TopicFactory(slug="export-controls")
    magnets = TopicFactory(slug="magnets")
    make_article(article_index, title="Controls", topics=[controls])
    make_article(article_index, title="Magnets", topics=[magnets])
    make_article(article_index, title="Neither")
    assert _titles(client.get(URL, {"topic": "export-controls"})) == ["Controls"]
    assert sorted(_titles(client.get(URL, {"topic": "export-controls,magnets"}))) == [
        "Controls",
        "Magnets",
    ]
    writer = AuthorFactory(slug="tomas-reyes")
    bylined = make_article(article_index, title="Bylined")
    bylined.bylines.create(author=writer, sort_order=0)
    publish(bylined)
    assert _titles(client.get(URL, {"author": "tomas-reyes"})) == ["Bylined"]


def test_an_article_in_two_requested_topics_is_listed_once(client, article_index):
    a, b = TopicFactory(slug="a"), TopicFactory(slug="b")
    make_article(article_index, title="Both", topics=[a, b])
    body = client.get(URL, {"topic": "a,b"}).json()
    assert body["count"] == 1 and _titles(client.get(URL, {"topic": "a,b"})) == ["Both"]


def test_filters_by_publication_date_range_and_update_time(client, article_index):
    make_article(article_index, title="April", publication_date=dt.date(2025, 4, 10))
    make_article(article_index, title="October", publication_date=dt.date(2025, 10, 9))
    make_article(article_index, title="December", publication_date=dt.date(2025, 12, 4))
    query = {"published_after": "2025-04-11", "published_before": "2025-12-04"}
    assert _titles(client.get(URL, query)) == ["December", "October"]
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert _titles(client.get(URL, {"updated_since": future})) == []
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert len(_titles(client.get(URL, {"updated_since": past}))) == 3


def test_full_text_search_finds_words_in_highlights_and_body(client, article_index):
    make_article(article_index, title="Dysprosium note", texts=("Dysprosium exports.",))
    make_article(article_index, title="Other note", texts=("Magnet prices.",))
    assert _titles(client.get(URL, {"q": "dysprosium"})) == ["Dysprosium note"]
    assert _titles(client.get(URL, {"q": '"; DROP TABLE --'})) == []


def test_filters_by_related_event(client, article_index, general_licence_event):
    make_article(article_index, title="About the event", events=[general_licence_event])
    make_article(article_index, title="Unrelated")
    query = {"event": str(general_licence_event.pk)}
    assert _titles(client.get(URL, query)) == ["About the event"]
    item = client.get(URL, query).json()["results"][0]
    assert item["related_events"] == [
        {
            "id": general_licence_event.pk,
            "title": general_licence_event.title,
            "url": general_licence_event.full_url,
        }
    ]


def test_related_events_that_are_not_public_are_left_out(
    client, article_index, general_licence_event
):
    make_article(article_index, events=[general_licence_event])
    general_licence_event.unpublish()
    assert client.get(URL).json()["results"][0]["related_events"] == []


def test_ordering_is_declared_and_anything_else_is_refused(client, article_index):
    make_article(article_index, title="Beta", publication_date=dt.date(2025, 1, 2))
    make_article(article_index, title="Alpha", publication_date=dt.date(2025, 1, 1))
    assert _titles(client.get(URL, {"ordering": "title"})) == ["Alpha", "Beta"]
    assert _titles(client.get(URL, {"ordering": "publication_date"})) == [
        "Alpha",
        "Beta",
    ]
    response = client.get(URL, {"ordering": "path"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_invalid_filters_get_a_message_per_parameter(client, article_index):
    response = client.get(
        URL,
        {"published_after": "2025-13-45", "topic": "not a slug!", "event": "abc"},
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"published_after", "topic", "event"}
    assert "not a slug!" in errors["topic"][0]


def test_highlight_citing_an_event_resolves_it(
    client, article_index, general_licence_event
):
    make_article(
        article_index,
        highlights=[highlight("See the record.", **cite(event=general_licence_event))],
    )
    citation = client.get(URL).json()["results"][0]["highlights"][0]["citations"][0]
    assert citation["label"] == general_licence_event.title
    assert citation["event"]["id"] == general_licence_event.pk


def test_every_body_block_renders_its_own_fields(
    client, article_index, general_licence_event
):
    report = ReportFactory(title="Asian Metal on general licences")
    article = make_article(
        article_index,
        body=every_block_body(event=general_licence_event, report=report),
    )
    body = client.get(f"/api/v1/articles/{article.pk}/").json()["body"]
    by_type = {block["type"]: block for block in body}
    assert set(by_type) == set(ArticleBodyBlock().child_blocks)
    facts = by_type["event_facts"]
    assert facts["event"]["id"] == general_licence_event.pk
    assert facts["title"] == general_licence_event.title
    assert [f["dimension"] for f in facts["facts"]["undisclosed"]] == [
        "exporters",
        "destinations",
    ]
    assessment = by_type["reporting_assessment"]
    assert assessment["report"]["title"] == "Asian Metal on general licences"
    assert assessment["source_name"] == report.source.name
    assert by_type["callout"]["title"] == "General licences"
    assert by_type["heading"]["anchor"]
    assert by_type["embed"]["url"].startswith("https://www.youtube.com/")
    assert by_type["figure"]["image"]["url"].startswith("http://testserver/")
