"""A writer who abandons a new article leaves nothing that blocks retyping its title.

Wagtail's create view autosaves a draft page while the writer types; these tests drive
that view with the test client as the browser does (a background JSON save, then the
writer's own save), as a member of the Writers group.
"""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.models import ArticlePage
from rexchange.newsroom.roles import WRITERS
from rexchange.newsroom.services import newsroom_permissions_ensure
from rexchange.newsroom.slugs import slug_next_free
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

TITLE = "General licences, read closely"
SLUG = "general-licences-read-closely"


@pytest.fixture
def writer(client, article_index):
    newsroom_permissions_ensure()
    user = User.objects.create_user(username="writer", password="x")
    user.groups.add(Group.objects.get(name=WRITERS))
    client.force_login(user)
    return client


def _add_url(article_index) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", article_index.pk]
    )


def _typed(title=TITLE, slug=SLUG) -> dict:
    """What the create form holds once a writer has typed a title and a first
    highlight (a draft needs one): the rest blank."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        streamfield,
    )

    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "dek": "",
            "publication_date": "2025-12-04",
            "bylines": inline_formset([]),
            "highlights": streamfield(
                [
                    (
                        "highlight",
                        {"text": "Some were approved.", "citations": streamfield([])},
                    )
                ]
            ),
            "body": streamfield([]),
            "sources": streamfield([]),
        }
    )


def _autosave(client, url, data):
    """The editor's background save: it asks for JSON."""
    return client.post(url, data, HTTP_ACCEPT="application/json")


def test_autosave_on_the_create_view_leaves_a_draft_holding_the_slug(
    writer, article_index
):
    response = _autosave(writer, _add_url(article_index), _typed())
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["success"] is True
    draft = ArticlePage.objects.get(slug=SLUG)
    assert not draft.live and draft.first_published_at is None


def test_retyping_an_abandoned_title_saves_at_the_next_free_address(
    writer, article_index
):
    url = _add_url(article_index)
    _autosave(writer, url, _typed())  # then the writer closes the tab
    response = writer.post(url, _typed(), follow=True)
    assert response.status_code == 200
    assert not response.context.get("form") or not response.context["form"].errors
    pages = ArticlePage.objects.filter(title=TITLE).order_by("pk")
    assert [p.slug for p in pages] == [SLUG, f"{SLUG}-2"]
    shown = [str(m) for m in response.context["messages"]]
    assert any("never published" in m and f"{SLUG}-2" in m for m in shown), shown


def test_autosave_of_the_retyped_title_tells_the_editor_its_new_slug(
    writer, article_index
):
    url = _add_url(article_index)
    _autosave(writer, url, _typed())
    response = _autosave(writer, url, _typed())
    body = json.loads(response.content)
    assert body["success"] is True, body
    assert body["field_updates"]["slug"] == f"{SLUG}-2"


def test_a_slug_held_by_a_published_article_is_still_refused(writer, article_index):
    ArticlePageFactory(parent=article_index, title=TITLE, slug=SLUG)
    response = writer.post(_add_url(article_index), _typed())
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert ArticlePage.objects.filter(slug=f"{SLUG}-2").count() == 0


def test_next_free_slug_skips_every_address_in_use(article_index):
    for slug in (SLUG, f"{SLUG}-2", f"{SLUG}-3"):
        ArticlePageFactory(parent=article_index, slug=slug, live=False)
    siblings = article_index.get_children()
    assert slug_next_free(slug=SLUG, siblings=siblings) == f"{SLUG}-4"
