"""Demo pages' StreamFields are stored as the admin stores them: after a first,
unchanged admin save, Compare flags none of them (it used to flag Body and Sources)."""

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
    # A multiple select posts its selected options in the order it lists them
    # (querydict_from_html keeps only one).
    for name in ("topics", "related_events", "materials"):
        field = getattr(type(page), name, None)
        if field is None:
            continue
        options = page._meta.get_field(name).related_model.objects.all()
        chosen = {o.pk for o in getattr(page, name).all()}
        data.setlist(name, [str(o.pk) for o in options if o.pk in chosen])
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
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
    _unchanged_admin_save(demo, note, ("highlights", "body", "sources"))
    note.refresh_from_db()
    assert note.revisions.count() == 2
    changed = _changed_fields(demo, note)
    assert not {"Highlights", "Body", "Sources"} & set(changed), changed


def test_first_admin_save_of_a_demo_event_changes_no_field(demo):
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    _unchanged_admin_save(demo, event, ("facts",))
    event.refresh_from_db()
    assert event.revisions.count() == 2
    changed = _changed_fields(demo, event)
    assert "Facts" not in changed, changed
