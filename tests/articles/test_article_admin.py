"""Editors create articles through the Wagtail admin; bad input is refused in place."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def _highlight(text):
    return {"text": text, "citations": streamfield([])}


def _form(highlights, body=()):
    return nested_form_data(
        {
            "title": "General licences, read closely",
            "slug": "general-licences-read-closely",
            "dek": "Consolidation, not liberalization.",
            "publication_date": "2025-12-04",
            "bylines": inline_formset([]),
            "highlights": streamfield(
                [("highlight", _highlight(t)) for t in highlights]
            ),
            "body": streamfield(list(body)),
            "sources": streamfield([]),
            "action-publish": "action-publish",
        }
    )


def _post(admin_client, article_index, data):
    url = reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", article_index.pk]
    )
    return admin_client.post(url, data)


def test_editor_creates_and_publishes_an_article(admin_client, article_index):
    response = _post(
        admin_client, article_index, _form(["Some licences were approved."])
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="general-licences-read-closely")
    assert page.live
    assert page.highlights[0].value["text"] == "Some licences were approved."
    assert admin_client.get(page.url).status_code == 200


def test_article_without_highlights_is_refused_with_a_message(
    admin_client, article_index
):
    response = _post(admin_client, article_index, _form([]))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "highlights" in errors
    error = errors["highlights"].as_data()[0]
    assert "Add at least one highlight" in str(error.non_block_errors)
    assert not ArticlePage.objects.exists()


def test_highlight_over_280_characters_is_refused(admin_client, article_index):
    response = _post(admin_client, article_index, _form(["x" * 281]))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "highlights" in errors
    # What the editor sees next to the highlight's text field.
    shown = json.dumps(errors["highlights"].as_data()[0].as_json_data())
    assert "Keep a highlight to 280 characters; it has 281." in shown
    assert "nothing is cut for you" in shown
    assert not ArticlePage.objects.exists()


def test_the_highlight_field_counts_live_and_the_browser_cuts_nothing(
    admin_client, article_index
):
    from articles.blocks import HighlightBlock

    text_block = HighlightBlock().child_blocks["text"]
    widget = text_block.field.widget.render("text", "")
    assert 'data-count-limit="280"' in widget
    assert "maxlength" not in widget
    url = reverse(
        "wagtailadmin_pages:add", args=("articles", "articlepage", article_index.pk)
    )
    assert "js/character-count.js" in admin_client.get(url).content.decode()


def test_heading_with_only_spaces_is_refused(admin_client, article_index):
    body = [("heading", {"text": "   ", "level": "2"})]
    response = _post(admin_client, article_index, _form(["A claim."], body))
    assert response.status_code == 200
    errors = response.context["form"].errors
    shown = errors["body"].as_data()[0].as_json_data()
    assert shown["blockErrors"][0]["blockErrors"]["text"]["messages"]
    assert not ArticlePage.objects.exists()


def test_more_than_five_highlights_are_refused(admin_client, article_index):
    response = _post(
        admin_client, article_index, _form([f"Claim {i}" for i in range(6)])
    )
    assert response.status_code == 200
    error = response.context["form"].errors["highlights"].as_data()[0]
    assert "five highlights at most" in str(error.non_block_errors)
