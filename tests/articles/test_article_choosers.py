"""Writers choose topics and related events from searchable lists in the editor,
and see only the events they may see."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticlePage
from rexchange.newsroom.roles import WRITERS
from rexchange.newsroom.services import newsroom_permissions_ensure
from rexchange.newsroom.widgets import SearchableCheckboxSelectMultiple
from tests.admin_forms import admin_form_data, article_streams
from tests.factories import (
    ArticlePageFactory,
    InstrumentFactory,
    LicenceEventPageFactory,
    RegulatorFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer_client(client, article_index, tracker):
    newsroom_permissions_ensure()
    writer = User.objects.create_user(username="wanda", password="not-used-here")
    writer.groups.add(Group.objects.get(name=WRITERS))
    client.force_login(writer)
    return client


@pytest.fixture
def mofcom():
    return RegulatorFactory(name="Ministry of Commerce", short_name="MOFCOM")


def _event(tracker, regulator, title, on, **kwargs):
    import datetime as dt

    return LicenceEventPageFactory(
        parent=tracker,
        regulator=regulator,
        title=title,
        announced_on=dt.date.fromisoformat(on),
        **kwargs,
    )


def _editor(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_editor_offers_topics_and_events_in_searchable_lists(
    writer_client, article_index, tracker, mofcom
):
    TopicFactory(name="Export controls", slug="export-controls")
    _event(tracker, mofcom, "Controls expanded to magnets", "2025-10-09")
    article = ArticlePageFactory(parent=article_index)
    html = _editor(writer_client, article)
    for name, noun in (("topics", "topics"), ("related_events", "events")):
        assert f'<label class="rx-choices__label" for="id_{name}-search">' in html
        assert f"Search {noun}</label>" in html
        assert f'type="search" id="id_{name}-search"' in html
    assert "Export controls</label>" in html
    assert "2025-10-09 · MOFCOM · Controls expanded to magnets</label>" in html
    assert '<script src="/static/js/searchable-choices.js"></script>' in html
    assert 'href="/static/css/searchable-choices.css"' in html


def test_chosen_options_are_listed_first():
    widget = SearchableCheckboxSelectMultiple(noun="topics")
    widget.choices = [("1", "Antimony"), ("2", "Gallium"), ("3", "Yttrium")]
    html = widget.render("topics", ["3"], attrs={"id": "id_topics"})
    assert html.index("Yttrium") < html.index("Antimony") < html.index("Gallium")
    # Each checkbox keeps the id it has in the unsorted list.
    assert 'value="3" id="id_topics_2" checked' in html


def test_a_writer_does_not_see_draft_events_unless_already_chosen(
    writer_client, article_index, tracker, mofcom
):
    _event(tracker, mofcom, "Licences granted", "2025-12-04")
    _event(tracker, mofcom, "Unannounced quota draft", "2025-12-20", live=False)
    cited = _event(tracker, mofcom, "Draft chosen earlier", "2025-12-21", live=False)
    article = ArticlePageFactory(parent=article_index)
    html = _editor(writer_client, article)
    assert "Licences granted" in html
    assert "Unannounced quota draft" not in html
    assert "Draft chosen earlier" not in html

    # Chosen by someone who could see it: kept, so saving does not drop it.
    article.related_events = [cited]
    article.save_revision()
    html = _editor(writer_client, article)
    assert "2025-12-21 · MOFCOM · Draft chosen earlier" in html
    assert "Unannounced quota draft" not in html


def test_a_writer_cannot_post_a_draft_event_they_cannot_see(
    writer_client, article_index, tracker, mofcom
):
    draft = _event(tracker, mofcom, "Unannounced quota draft", "2025-12-20", live=False)
    article = ArticlePageFactory(parent=article_index)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = admin_form_data(writer_client, url, streams=article_streams("A claim."))
    data.setlist("related_events", [str(draft.pk)])
    response = writer_client.post(url, dict(data.lists()))
    assert response.status_code == 200
    assert "related_events" in response.context["form"].errors
    assert list(article.related_events.all()) == []


def test_saving_stores_the_chosen_topics_and_events(
    admin_client, article_index, tracker, mofcom
):
    licensing = TopicFactory(name="Licensing", slug="licensing")
    controls = TopicFactory(name="Export controls", slug="export-controls")
    TopicFactory(name="Magnets", slug="magnets")
    granted = _event(tracker, mofcom, "Licences granted", "2025-12-04")
    _event(tracker, mofcom, "Controls expanded", "2025-10-09")
    article = ArticlePageFactory(parent=article_index)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = admin_form_data(admin_client, url, streams=article_streams("A claim."))
    # As the browser posts ticked checkboxes: one value per box.
    data.setlist("topics", [str(controls.pk), str(licensing.pk)])
    data.setlist("related_events", [str(granted.pk)])
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, dict(data.lists()))
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert set(article.topics.all()) == {controls, licensing}
    assert list(article.related_events.all()) == [granted]
    # And the editor shows them ticked, first.
    html = _editor(admin_client, article)
    assert html.index("Export controls</label>") < html.index("Magnets</label>")
    assert html.index("Licensing</label>") < html.index("Magnets</label>")


def _editor_queries(client, page) -> int:
    _editor(client, page)  # warm the caches new pages clear (the site's tree)
    with CaptureQueriesContext(connection) as queries:
        _editor(client, page)
    return len(queries)


def test_the_editors_query_count_does_not_grow_with_the_events(
    writer_client, article_index, tracker, mofcom
):
    article = ArticlePageFactory(parent=article_index)
    _event(tracker, RegulatorFactory(), "First event", "2025-01-02")
    few = _editor_queries(writer_client, article)
    for day in range(10, 16):
        _event(tracker, RegulatorFactory(), f"Event {day}", f"2025-02-{day}")
    assert _editor_queries(writer_client, article) == few


def test_event_and_instrument_editors_choose_materials_from_a_searchable_list(
    admin_client, tracker, mofcom
):
    event = _event(tracker, mofcom, "Licences granted", "2025-12-04")
    html = _editor(admin_client, event)
    assert 'type="search" id="id_materials-search"' in html
    assert "Dysprosium (Dy)</label>" in html
    instrument = InstrumentFactory(regulator=mofcom)
    url = reverse(instrument.snippet_viewset.get_url_name("edit"), args=[instrument.pk])
    html = admin_client.get(url).content.decode()
    assert 'type="search" id="id_materials-search"' in html
    assert '<script src="/static/js/searchable-choices.js"></script>' in html
