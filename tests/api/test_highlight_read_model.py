"""The highlight read model follows publishing: live content only, stable ids."""

import io

import pytest
from django.core.management import call_command

from articles.models import Highlight
from articles.services import highlight_rows, highlight_sync
from tests.factories import highlight
from tests.factories.api import cite, make_article, publish

pytestmark = pytest.mark.django_db


def _texts(article):
    return list(
        Highlight.objects.filter(article=article)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_publishing_copies_highlights_in_order(article_index):
    article = make_article(article_index, texts=("First.", "Second.", "Third."))
    assert _texts(article) == ["First.", "Second.", "Third."]
    assert list(
        Highlight.objects.filter(article=article)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [1, 2, 3]


def test_highlight_ids_survive_edits_to_other_highlights(article_index):
    article = make_article(article_index, texts=("Keep me.", "Edit me.", "Drop me."))
    before = {h.text: h for h in Highlight.objects.filter(article=article)}
    stream = article.highlights.raw_data
    keep, edit = stream[0], stream[1]
    edit["value"]["text"] = "Edited."
    article.highlights = [highlight("Brand new."), keep, edit]
    publish(article)

    after = {h.text: h for h in Highlight.objects.filter(article=article)}
    assert set(after) == {"Brand new.", "Keep me.", "Edited."}
    assert after["Keep me."].pk == before["Keep me."].pk
    assert after["Keep me."].position == 2
    assert after["Edited."].pk == before["Edit me."].pk
    assert after["Edited."].published_at == before["Edit me."].published_at
    assert after["Edited."].updated_at > before["Edit me."].updated_at
    assert not Highlight.objects.filter(pk=before["Drop me."].pk).exists()


def test_a_saved_draft_does_not_reach_the_read_model(article_index):
    article = make_article(article_index, texts=("Published claim.",))
    article.highlights = [highlight("Draft claim, not yet approved.")]
    article.save_revision()
    assert _texts(article) == ["Published claim."]


def test_unpublished_highlights_leave_the_api_but_keep_their_first_publication(
    article_index, client
):
    article = make_article(article_index, texts=("Soon gone.",))
    article.unpublish()
    assert client.get("/api/v1/highlights/").json()["results"] == []
    # Kept, so that republishing does not move published_at.
    assert Highlight.objects.filter(article_id=article.pk).exists()


def test_deleting_the_article_removes_its_highlights(article_index):
    article = make_article(article_index, texts=("Soon gone.",))
    article.delete()
    assert not Highlight.objects.exists()


def test_citations_keep_event_and_report_links(article_index, general_licence_event):
    from tests.factories.api import ReportFactory

    report = ReportFactory()
    article = make_article(
        article_index,
        highlights=[
            highlight("Backed by the record.", **cite(event=general_licence_event)),
            {
                "type": "highlight",
                "value": {
                    "text": "Backed by a report.",
                    "citations": [cite(report=report)],
                },
            },
        ],
    )
    first, second = Highlight.objects.filter(article=article).order_by("position")
    assert list(first.cited_events.all()) == [general_licence_event]
    assert list(second.cited_reports.all()) == [report]


def test_rebuild_command_restores_a_lost_read_model(article_index):
    article = make_article(article_index, texts=("One.", "Two."))
    ids = set(Highlight.objects.values_list("pk", flat=True))
    Highlight.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_api_index", stdout=out)
    assert "2 highlights" in out.getvalue()
    assert set(Highlight.objects.values_list("pk", flat=True)) == ids
    assert _texts(article) == ["One.", "Two."]


def test_sync_of_an_article_that_is_not_live_serves_nothing(article_index, client):
    article = make_article(article_index, texts=("Live.",))
    article.live = False
    article.save()
    assert highlight_sync(article=article) == []
    assert client.get("/api/v1/highlights/").json()["results"] == []


def test_highlight_rows_read_old_and_new_list_formats():
    rows = highlight_rows(
        [
            {
                "type": "highlight",
                "id": "a",
                "value": {
                    "text": " New format. ",
                    "citations": [
                        {
                            "type": "item",
                            "id": "c1",
                            "value": {"label": "L", "url": "u"},
                        }
                    ],
                },
            },
            {
                "type": "highlight",
                "id": "b",
                "value": {"text": "Old format.", "citations": [{"event": "7"}]},
            },
            {"type": "something_else", "value": {}},
        ]
    )
    assert [(r.block_id, r.position, r.text) for r in rows] == [
        ("a", 1, "New format."),
        ("b", 2, "Old format."),
    ]
    assert rows[0].citations == [
        {"label": "L", "url": "u", "event": None, "report": None}
    ]
    assert rows[1].citations[0]["event"] == 7
