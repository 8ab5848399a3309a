"""The demo content loads once and only once."""

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_load_demo_twice_gives_the_same_row_counts(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = _row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _row_counts() == first


def test_demo_home_page_links_the_reference_note_with_its_structure(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    note = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    home = client.get("/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f'href="{note.url}"' in home
    html = client.get(note.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert html.count('class="highlight"') == 3
    assert 'class="toc"' in html
    assert 'class="what-changed"' in html
    assert "How long a general licence stays valid." in html
