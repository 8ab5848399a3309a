"""Reading time, the "Updated" line and the public corrections note on articles."""

import datetime as dt

import pytest

from articles.reading_time import WORDS_PER_MINUTE, reading_minutes
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_reading_time_rounds_up_whole_minutes_and_ignores_tags():
    assert reading_minutes([]) == 1
    assert reading_minutes(["<p>" + "word " * WORDS_PER_MINUTE + "</p>"]) == 1
    assert reading_minutes(["word " * (WORDS_PER_MINUTE + 1)]) == 2
    assert reading_minutes(["<strong>" * 500]) == 1


def _html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_byline_gives_the_reading_time(client, article_index):
    page = ArticlePageFactory(parent=article_index)
    assert "1 min read" in _html(client, page)


def test_a_piece_published_once_has_no_updated_line_or_correction(
    client, article_index
):
    html = _html(client, ArticlePageFactory(parent=article_index))
    assert "Updated" not in html
    assert "corrections-heading" not in html


def test_a_republished_piece_says_when_and_shows_its_correction(client, article_index):
    page = ArticlePageFactory(
        parent=article_index,
        corrections="An earlier version gave the date as 3 December; it was 4.",
    )
    first = dt.datetime(2025, 12, 4, 9, 0, tzinfo=dt.UTC)
    page.first_published_at = first
    page.last_published_at = first + dt.timedelta(days=2)
    page.save()
    html = _html(client, page)
    assert 'Updated <time datetime="2025-12-06">6 December 2025</time>' in html
    assert '<h2 id="corrections-heading">Correction</h2>' in html
    assert "it was 4." in html
