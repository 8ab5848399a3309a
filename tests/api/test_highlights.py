"""/api/v1/highlights/: one object per highlight, stable ids, cursor pages."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import TopicFactory, highlight
from tests.factories.api import (
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    ReportFactory,
    cite,
    make_article,
    make_private,
    publish,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/highlights/"


def _texts(response):
    assert response.status_code == 200, response.content
    return [h["text"] for h in response.json()["results"]]


def _walk(client, query):
    """Every page of a cursor walk, following `next` links."""
    pages, url = [], URL
    response = client.get(url, query)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([h["text"] for h in body["results"]])
        if not body["next"]:
            return pages
        response = client.get(body["next"])


def test_each_highlight_is_an_object_with_its_article_and_citations(
    client, article_index, general_licence_event, topic
):
    report = ReportFactory(
        title="Asian Metal report", canonical_url="https://am.example/r"
    )
    article = make_article(
        article_index,
        title="General licences",
        topics=[topic],
        highlights=[
            {
                "type": "highlight",
                "value": {
                    "text": "Some exporters may hold general licences.",
                    "citations": [
                        cite(event=general_licence_event),
                        cite(label="Trade press", report=report),
                        cite(label="MOFCOM", url="https://www.mofcom.gov.cn/"),
                    ],
                },
            }
        ],
    )
    body = client.get(URL).json()
    assert body["rights"]["copyright_holder"]
    [item] = body["results"]
    assert item["position"] == 1
    assert item["article"] == {
        "id": article.pk,
        "title": "General licences",
        "url": article.full_url,
    }
    assert [t["slug"] for t in item["topics"]] == ["export-controls"]
    event, by_report, link = item["citations"]
    assert event["event"] == {
        "id": general_licence_event.pk,
        "title": general_licence_event.title,
        "url": general_licence_event.full_url,
    }
    assert by_report["report"] == {
        "id": report.pk,
        "title": "Asian Metal report",
        "url": "https://am.example/r",
        "outlet": report.source.name,
    }
    assert link == {
        "label": "MOFCOM",
        "url": "https://www.mofcom.gov.cn/",
        "event": None,
        "report": None,
    }
    detail = client.get(f"{URL}{item['id']}/").json()
    assert detail["text"] == item["text"] and detail["rights"] == body["rights"]


def test_ids_survive_edits_to_other_highlights(client, article_index):
    article = make_article(article_index, texts=("Stays.", "Changes."))
    before = {h["text"]: h["id"] for h in client.get(URL).json()["results"]}
    stays, changes = article.highlights.raw_data
    changes["value"]["text"] = "Changed."
    article.highlights = [highlight("Added first."), stays, changes]
    publish(article)
    after = {h["text"]: h["id"] for h in client.get(URL).json()["results"]}
    assert after["Stays."] == before["Stays."]
    assert after["Changed."] == before["Changes."]
    assert after["Added first."] not in before.values()


def test_drafts_private_and_unpublished_highlights_never_appear(client, article_index):
    make_article(article_index, texts=("Public claim.",))
    private = make_article(article_index, texts=("Private claim.",))
    make_private(private)
    gone = make_article(article_index, texts=("Withdrawn claim.",))
    private_id = private.api_highlights.get().pk
    gone.unpublish()
    draft = make_article(article_index, texts=("Published wording.",))
    draft.highlights = [highlight("Draft wording.")]
    draft.save_revision()

    assert sorted(_texts(client.get(URL))) == ["Public claim.", "Published wording."]
    assert client.get(f"{URL}{private_id}/").status_code == 404


def test_a_citation_to_an_unpublished_event_is_not_resolved(
    client, article_index, tracker
):
    hidden = publish(LicenceEventPageFactory(parent=tracker, title="Hidden event"))
    make_article(
        article_index,
        highlights=[highlight("Claim.", **cite(label="A source", event=hidden))],
    )
    hidden.unpublish()
    [citation] = client.get(URL).json()["results"][0]["citations"]
    assert citation["event"] is None
    assert citation["label"] == "A source"
    assert "Hidden event" not in client.get(URL).content.decode()


def test_filters_by_topic_material_regulator_and_event(
    client, article_index, tracker, general_licence_event, mofcom, dysprosium
):
    other_regulator = RegulatorFactory(slug="bis")
    terbium = MaterialFactory(slug="terbium")
    other_event = publish(
        LicenceEventPageFactory(
            parent=tracker, regulator=other_regulator, materials=[terbium]
        )
    )
    magnets = TopicFactory(slug="magnets")
    make_article(
        article_index,
        highlights=[highlight("Cites MOFCOM.", **cite(event=general_licence_event))],
    )
    make_article(article_index, texts=("About BIS.",), events=[other_event])
    make_article(article_index, texts=("On magnets.",), topics=[magnets])

    assert _texts(client.get(URL, {"regulator": "mofcom"})) == ["Cites MOFCOM."]
    assert _texts(client.get(URL, {"material": "terbium"})) == ["About BIS."]
    assert sorted(_texts(client.get(URL, {"material": "dysprosium,terbium"}))) == [
        "About BIS.",
        "Cites MOFCOM.",
    ]
    assert _texts(client.get(URL, {"event": str(general_licence_event.pk)})) == [
        "Cites MOFCOM."
    ]
    assert _texts(client.get(URL, {"topic": "magnets"})) == ["On magnets."]


def test_since_returns_highlights_added_or_changed_after_a_time(client, article_index):
    article = make_article(article_index, texts=("Old.", "Will change."))
    cutoff = timezone.now()
    old, changing = article.highlights.raw_data
    changing["value"]["text"] = "Changed."
    article.highlights = [old, changing]
    publish(article)
    assert _texts(client.get(URL, {"since": cutoff.isoformat()})) == ["Changed."]


def test_cursor_pages_stay_stable_while_new_highlights_arrive(client, article_index):
    for i in range(5):
        make_article(
            article_index, texts=(f"Article {i} claim A.", f"Article {i} claim B.")
        )
    first = client.get(URL, {"page_size": 4}).json()
    assert len(first["results"]) == 4 and first["previous"] is None
    # A new article arrives while the client is walking the list.
    make_article(article_index, texts=("Breaking claim.",))
    rest = []
    response = client.get(first["next"])
    while True:
        body = response.json()
        rest += [h["text"] for h in body["results"]]
        if not body["next"]:
            break
        response = client.get(body["next"])
    seen = [h["text"] for h in first["results"]] + rest
    assert len(seen) == len(set(seen)) == 10
    assert "Breaking claim." not in seen
    assert seen[0] == "Article 4 claim A." and seen[-1] == "Article 0 claim B."


def test_previous_links_walk_back_to_the_first_page(client, article_index):
    for i in range(3):
        make_article(article_index, texts=(f"{i}a", f"{i}b"))
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
    assert back["previous"] is None


def test_oldest_first_ordering_suits_incremental_sync(client, article_index):
    make_article(article_index, texts=("First published.",))
    make_article(article_index, texts=("Second published.",))
    assert _walk(client, {"ordering": "published_at", "page_size": 1}) == [
        ["First published."],
        ["Second published."],
    ]


def test_a_cursor_for_one_ordering_is_refused_for_another(client, article_index):
    make_article(article_index, texts=("a", "b"))
    following = client.get(URL, {"page_size": 1}).json()["next"]
    cursor = following.split("cursor=")[1].split("&")[0]
    response = client.get(URL, {"cursor": cursor, "ordering": "published_at"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "when", ["2025-13-45", "yesterday", "2025-01-01T00:00:00+24:00"]
)
def test_a_bad_since_is_a_400_naming_the_parameter(client, article_index, when):
    response = client.get(URL, {"since": when})
    assert response.status_code == 400
    assert list(response.json()) == ["since"]


def test_since_accepts_a_plain_date(client, article_index):
    make_article(article_index, texts=("Fresh.",))
    tomorrow = (timezone.now() + dt.timedelta(days=1)).date().isoformat()
    assert _texts(client.get(URL, {"since": tomorrow})) == []
