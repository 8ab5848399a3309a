"""Demo pages are stored as the admin stores them: after a first, unchanged admin
save, Compare flags no field (it used to flag Body and Sources)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticlePage
from policy.models import LicenceEventPage
from rexchange.publication.streamfield_roundtrip import _post

pytestmark = pytest.mark.django_db(transaction=False)


def _unchanged_admin_save(client, page, streams: tuple[str, ...]) -> None:
    """Open the editor and save without touching anything, as the browser posts it:
    the HTML's fields, plus each StreamField's editor state written out as inputs."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for name in streams:
        block = page._meta.get_field(name).stream_block
        posted: dict = {}
        _post(block, block.get_form_state(getattr(page, name)), name, posted)
        for key, value in posted.items():
            if isinstance(value, list):
                data.setlist(key, value)
            else:
                data[key] = value
    data["action-publish"] = "action-publish"
    # Every value of every field: the test client posts a QueryDict's last value
    # only, which dropped all but one topic, event and material, so Compare
    # rightly flagged them.
    response = client.post(url, dict(data.lists()))
    assert response.status_code == 302, response.context["form"].errors


def _changed_fields(client, page) -> list[str]:
    latest = page.get_latest_revision()
    first = page.revisions.order_by("created_at", "pk").first()
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, latest.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    return [c.field_label() for c in response.context["comparison"]]


@pytest.fixture
def demo(admin_client):
    call_command("load_demo", stdout=io.StringIO())
    return admin_client


def test_first_admin_save_of_the_demo_note_changes_no_field(demo):
    note = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    topics, events = set(note.topics.all()), set(note.related_events.all())
    _unchanged_admin_save(demo, note, ("highlights", "body", "sources"))
    note.refresh_from_db()
    assert (set(note.topics.all()), set(note.related_events.all())) == (topics, events)
    assert len(topics) == 3 and len(events) == 2
    assert note.revisions.count() == 2
    changed = _changed_fields(demo, note)
    assert changed == []


def test_first_admin_save_of_a_demo_event_changes_no_field(demo):
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    materials = set(event.materials.all())
    _unchanged_admin_save(demo, event, ("facts",))
    event.refresh_from_db()
    assert set(event.materials.all()) == materials and len(materials) > 1
    assert event.revisions.count() == 2
    changed = _changed_fields(demo, event)
    assert changed == []
