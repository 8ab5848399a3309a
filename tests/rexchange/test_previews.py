"""Editors can preview every page type, drafts and unsaved edits included."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from rexchange.newsroom.roles import EDITORS
from rexchange.newsroom.services import newsroom_permissions_ensure
from tests.admin_forms import admin_form_data, article_streams
from tests.factories import (
    ArticlePageFactory,
    LicenceEventPageFactory,
    MaterialFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, article_index, tracker):
    newsroom_permissions_ensure()
    user = User.objects.create_user("eli", password="not-used-here")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


@pytest.fixture
def pages(article_index, tracker):
    """One page of every type, each with an unpublished draft titled 'Draft: …'."""
    dysprosium = MaterialFactory(name="Dysprosium", slug="dysprosium", symbol="Dy")
    article = ArticlePageFactory(parent=article_index)
    event = LicenceEventPageFactory(parent=tracker, materials=[dysprosium])
    home = article_index.get_parent().specific
    all_pages = {
        "home": home,
        "index": article_index,
        "article": article,
        "tracker": tracker,
        "event": event,
    }
    for name, page in all_pages.items():
        page.title = f"Draft: {name} title"
        page.save_revision()
    return all_pages


@pytest.mark.parametrize("name", ["home", "index", "article", "tracker", "event"])
def test_saved_draft_previews_for_every_page_type(client, editor, pages, name):
    page = pages[name]
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
    assert response.status_code == 200
    assert f"Draft: {name} title" in response.content.decode()
    page.refresh_from_db()
    assert page.title != f"Draft: {name} title"  # the live page is untouched


def _streams(name, pages):
    if name == "article":
        return article_streams("A highlight typed but not yet saved.")
    if name == "event":
        return {
            "facts": [
                (
                    "fact",
                    {
                        "dimension": "scope",
                        "state": "changed",
                        "statement": "A fact typed but not yet saved.",
                        "citations": {"count": "0"},
                    },
                )
            ]
        }
    return None


@pytest.mark.parametrize("name", ["home", "index", "article", "tracker", "event"])
def test_unsaved_edits_preview_for_every_page_type(client, editor, pages, name):
    page = pages[name]
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = admin_form_data(client, edit_url, streams=_streams(name, pages))
    data["title"] = f"Unsaved {name} title"
    if name == "event":
        data.setlist("materials", [str(m.pk) for m in page.materials.all()])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    state = client.post(preview_url, data).json()
    assert state["is_valid"], state
    response = client.get(preview_url)
    assert response.status_code == 200
    assert f"Unsaved {name} title" in response.content.decode()


def test_preview_of_a_new_unsaved_article(client, editor, article_index):
    add_url = reverse(
        "wagtailadmin_pages:add", args=("articles", "articlepage", article_index.pk)
    )
    data = admin_form_data(
        client, add_url, streams=article_streams("Not saved anywhere yet.")
    )
    data.update(title="Never saved", slug="never-saved", dek="A dek.")
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("articles", "articlepage", article_index.pk),
    )
    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url).content.decode()
    assert "Never saved" in html
    assert "Not saved anywhere yet." in html
