"""The demo content loads once and only once."""

import PIL.Image
import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.images import get_image_model

from articles.models import ArticlePage, Author
from policy.models import (
    Instrument,
    LicenceEventPage,
    Material,
    PolicyTrackerPage,
    Regulator,
)

pytestmark = pytest.mark.django_db


# The change feed logs every save of public data, and a reload re-saves reference
# data, so it is an append-only log rather than content and is not compared.
LOGS = {"rexchange.Change"}


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.label not in LOGS
    }


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
    assert 'class="event-embed"' in html
    assert "How long a general licence stays valid is not stated." in html


def _load():
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_demo_policy_record_has_mofcom_nine_rare_earths_and_a_linked_chain():
    _load()
    assert Regulator.objects.get(slug="mofcom").short_name == "MOFCOM"
    assert set(Material.objects.values_list("symbol", flat=True)) >= {
        "Sm",
        "Gd",
        "Tb",
        "Dy",
        "Lu",
        "Sc",
        "Y",
        "Nd",
        "Pr",
    }
    no18 = Instrument.objects.get(slug="mofcom-gac-announcement-18-2025")
    assert no18.document_reference == "MOFCOM/GAC Announcement No. 18 of 2025"
    chain = {e.slug: e for e in LicenceEventPage.objects.live()}
    dates = {slug: e.announced_on.isoformat() for slug, e in chain.items()}
    assert dates == {
        "april-2025-controls-seven-rare-earths": "2025-04-04",
        "october-2025-expansion": "2025-10-09",
        "october-2025-expansion-suspended": "2025-11-07",
        "general-licences-granted": "2025-12-04",
    }
    previous = {s: e.previous_event and e.previous_event.slug for s, e in chain.items()}
    assert previous == {
        "april-2025-controls-seven-rare-earths": None,
        "october-2025-expansion": "april-2025-controls-seven-rare-earths",
        "october-2025-expansion-suspended": "october-2025-expansion",
        # Linked automatically: the latest earlier event on Announcement No. 18.
        "general-licences-granted": "april-2025-controls-seven-rare-earths",
    }
    for event in chain.values():
        states = {c.value["state"] for c in event.facts}
        assert "undisclosed" in states, event.slug


def test_demo_tracker_shows_the_chain_on_the_timeline_and_in_the_svg(client):
    _load()
    tracker = PolicyTrackerPage.objects.get(slug="policy")
    assert tracker.show_in_menus
    html = client.get("/policy/", HTTP_HOST="127.0.0.1:8000").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    for event in LicenceEventPage.objects.all():
        assert f'href="{event.url}"' in svg
    assert svg.count('class="mark ') == 4


def test_demo_general_licence_page_shows_undisclosed_facts_and_transitions(client):
    _load()
    html = client.get(
        "/policy/general-licences-granted/", HTTP_HOST="127.0.0.1:8000"
    ).content.decode()
    undisclosed = html[html.index('class="fact-group fact-undisclosed"') :]
    undisclosed = undisclosed[: undisclosed.index("</div>")]
    for label in ("Exporters", "Products", "Volumes", "Destinations", "Duration"):
        assert f'<span class="dimension">{label}</span>' in undisclosed
    assert "Compared with <a" in html
    assert 'class="transitions"' in html
    note = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    assert f'<a href="{note.url}">' in html


def test_demo_note_embeds_lists_and_cites_the_general_licence_event(client):
    _load()
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    note = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    assert event in note.related_events.all()
    [embed] = [b for b in note.body if b.block_type == "event_facts"]
    assert embed.value["event"] == event
    html = client.get(note.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert '<h2 id="related-events-heading">Related events</h2>' in html
    assert f'<a class="citation" href="{event.url}">Our record of the event</a>' in html


def test_demo_draws_its_own_pictures_and_uses_them(client):
    _load()
    for article in ArticlePage.objects.all():
        image = article.hero_image
        assert image is not None, article.slug
        assert (image.width, image.height) == (1600, 840)
        assert article.hero_alt.startswith("Illustration: periodic-table tiles")
        with image.open_file() as f:
            assert PIL.Image.open(f).format == "PNG"
    for author in Author.objects.all():
        assert (author.photo.width, author.photo.height) == (400, 400)
    note = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    [figure] = [b for b in note.body if b.block_type == "figure"]
    assert figure.value["image"].title == "Demo chart: MOFCOM rare-earth events in 2025"
    assert (
        "December 2025: 1 changed, 2 unchanged, 5 undisclosed"
        in (figure.value["alt_text"])
    )
    html = client.get(note.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert 'property="og:image" content="http://127.0.0.1:8000/media/images/' in html
    assert html.count('class="byline-photo"') == 2
    assert 'class="figure"' in html


def test_demo_reload_reuses_its_pictures_and_keeps_a_chosen_photo():
    _load()
    images = {i.title: (i.pk, i.file_hash) for i in get_image_model().objects.all()}
    assert len(images) == 6  # three covers, a chart, two portraits
    author = Author.objects.get(slug="tomas-reyes")
    author.photo = get_image_model().objects.filter(title__startswith="Demo cover")[0]
    author.save()
    _load()
    assert {
        i.title: (i.pk, i.file_hash) for i in get_image_model().objects.all()
    } == images
    author.refresh_from_db()
    assert author.photo.title.startswith("Demo cover")
