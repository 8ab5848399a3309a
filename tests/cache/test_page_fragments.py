"""An article built from its stored parts (rexchange/cache/fragments.py) is the same
page, tagged with the same surrogate keys, as one built from the database; any
published change a reader could see shows on the next request; previews and
editors' responses neither read nor store parts."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from readers.models import Comment
from readers.services.comments import comment_moderate
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    LicenceEventPageFactory,
    TopicFactory,
    highlight,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.PAGE_FRAGMENT_CACHE = True


@pytest.fixture
def article(article_index, tracker):
    event = LicenceEventPageFactory(parent=tracker, title="Terbium licences granted")
    page = ArticlePageFactory(
        parent=article_index,
        title="What the general licences change",
        highlights=[highlight("Approvals now come in weeks, not months.")],
        body=[
            {"type": "heading", "value": {"text": "Procedure", "level": "2"}},
            {"type": "paragraph", "value": "<p>Exporters apply once a year.</p>"},
            {"type": "heading", "value": {"text": "Who gains", "level": "2"}},
            {
                "type": "event_facts",
                "value": {"event": event.pk, "title": "", "show_transitions": True},
            },
        ],
    )
    page.topics.add(TopicFactory(name="Export controls"))
    page.related_events.add(event)
    page.bylines.create(author=AuthorFactory(name="Mei Lin"), sort_order=0)
    page.save_revision().publish()
    return page


def _queries(client, url) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def _h1(response) -> str:
    return re.search(r'<h1 id="article-title">(.*?)</h1>', response.text).group(1)


def test_a_page_built_from_stored_parts_is_the_same_page_with_the_same_keys(
    client, article, settings
):
    settings.PAGE_FRAGMENT_CACHE = False
    client.get(article.url)  # creates the settings row, caches site and navigation
    built, built_sql = _queries(client, article.url)
    settings.PAGE_FRAGMENT_CACHE = True
    miss, miss_sql = _queries(client, article.url)
    hit, hit_sql = _queries(client, article.url)

    assert hit.content == miss.content == built.content
    assert hit["xkey"] == miss["xkey"] == built["xkey"]
    for text in ("Mei Lin", "Export controls", "Terbium licences granted"):
        assert text in hit.text
    # The hit read routing (the page, with its topics and bylines folded in) and
    # the comment thread only: no events, renditions or related analysis, and no
    # query of the bylines' own.
    assert len(miss_sql) == len(built_sql)
    assert len(hit_sql) == 3 < len(miss_sql)
    for table in ("policy_licenceeventpage", "wagtailimages_rendition"):
        assert not [sql for sql in hit_sql if f'"{table}"' in sql], table
    bylines = 'SELECT "articles_articleauthor".'
    assert not [sql for sql in hit_sql if sql.startswith(bylines)]


def test_a_published_edit_shows_on_the_next_request(client, article):
    client.get(article.url)
    client.get(article.url)
    article.title = "What the general licences change, and for whom"
    article.body = [
        *article.body.raw_data,
        {"type": "paragraph", "value": "<p>Magnet makers gain most.</p>"},
    ]
    article.save_revision().publish()
    response = client.get(article.url)
    assert _h1(response) == "What the general licences change, and for whom"
    assert "Magnet makers gain most." in response.text


def test_a_renamed_author_and_an_edited_event_show_on_the_next_request(client, article):
    client.get(article.url)
    client.get(article.url)
    author = article.bylines.get().author
    author.name = "Mei Lin Zhang"
    author.save()
    assert "Mei Lin Zhang" in client.get(article.url).text
    event = article.related_events.get()
    event.title = "Terbium and dysprosium licences granted"
    event.save_revision().publish()
    assert "Terbium and dysprosium licences granted" in client.get(article.url).text


def test_an_approved_comment_is_counted_on_the_next_request(
    client, article, django_capture_on_commit_callbacks
):
    client.get(article.url)
    assert "1 comment" not in client.get(article.url).text.lower()
    comment = Comment.objects.create(
        page=article, name="A reader", email="r@example.com", body="Useful, thanks."
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, status=Comment.Status.APPROVED)
    response = client.get(article.url)
    assert "1 comment" in response.text.lower()
    assert "Useful, thanks." in response.text


def test_a_preview_neither_reads_nor_stores_parts(client, article):
    client.get(article.url)
    client.get(article.url)  # the published parts are stored
    article.refresh_from_db()  # as the editor opens it: the live revision's id too
    article.title = "A draft title nobody has published"
    # As the editor's browser asks for it: same host, so the same key but for
    # the preview.
    preview = article.make_preview_request(RequestFactory().get(article.url))
    assert _h1(preview.render()) == "A draft title nobody has published"
    assert _h1(client.get(article.url)) == "What the general licences change"


def test_an_editors_response_stores_nothing(client, article):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(editor)
    client.get(article.url)
    client.get(article.url)
    client.logout()
    _, first_sql = _queries(client, article.url)
    _, second_sql = _queries(client, article.url)
    # The reader's first request was built from the database (the editor's
    # responses, private, stored nothing); the second from the stored parts.
    assert len(second_sql) < len(first_sql)


def test_an_event_built_from_its_stored_part_is_the_same_page_and_moves_on(
    client, article, settings
):
    event = article.related_events.get()
    settings.PAGE_FRAGMENT_CACHE = False
    client.get(event.url)
    built = client.get(event.url)
    settings.PAGE_FRAGMENT_CACHE = True
    miss, hit = client.get(event.url), client.get(event.url)
    assert hit.content == miss.content == built.content
    assert hit["xkey"] == miss["xkey"] == built["xkey"]
    assert "What the general licences change" in hit.text  # "Our analysis of this"
    event.summary = "MOFCOM approved general licences for three exporters."
    event.save_revision().publish()
    assert "for three exporters" in client.get(event.url).text
