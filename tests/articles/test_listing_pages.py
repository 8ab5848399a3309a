"""The home page and the analysis index."""

import datetime as dt

import pytest

from tests.factories import ArticlePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_home_page_features_the_chosen_article_and_lists_the_latest(
    client, article_index
):
    old = ArticlePageFactory(parent=article_index, title="Older note")
    new = ArticlePageFactory(parent=article_index, title="Newer note")
    home = article_index.get_parent().specific
    home.featured_article = old
    home.save()
    html = client.get("/").content.decode()
    featured = html.split('id="featured-heading"')[1].split("</section>")[0]
    assert "Older note" in featured
    assert "Newer note" in html.split('id="latest-heading"')[1]
    assert f'href="{new.url}"' in html


def test_home_page_never_features_a_draft(client, article_index):
    draft = ArticlePageFactory(
        parent=article_index, title="Unpublished note", live=False
    )
    ArticlePageFactory(parent=article_index, title="Published note")
    home = article_index.get_parent().specific
    home.featured_article = draft
    home.save()
    html = client.get("/").content.decode()
    assert "Unpublished note" not in html
    assert "Published note" in html


def test_index_lists_newest_first_and_hides_drafts(client, article_index):
    ArticlePageFactory(
        parent=article_index, title="First", publication_date=dt.date(2025, 4, 1)
    )
    ArticlePageFactory(
        parent=article_index, title="Second", publication_date=dt.date(2025, 10, 9)
    )
    ArticlePageFactory(parent=article_index, title="Draft", live=False)
    html = client.get(article_index.url).content.decode()
    assert html.index("Second") < html.index("First")
    assert "Draft" not in html


def test_index_filters_by_topic(client, article_index):
    controls = TopicFactory(name="Export controls", slug="export-controls")
    ArticlePageFactory(parent=article_index, title="Controls piece", topics=[controls])
    ArticlePageFactory(parent=article_index, title="Other piece")
    html = client.get(article_index.url, {"topic": "export-controls"}).content.decode()
    assert "Controls piece" in html
    assert "Other piece" not in html


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "no-such-topic"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "1" * 400},
        {"topic": "x" * 5000},
    ],
)
def test_bad_index_queries_give_a_normal_page(client, article_index, query):
    ArticlePageFactory(parent=article_index, title="Only piece")
    response = client.get(article_index.url, query)
    assert response.status_code == 200


def test_unknown_topic_gives_an_empty_list_with_a_notice(client, article_index):
    ArticlePageFactory(parent=article_index, title="Only piece")
    html = client.get(article_index.url, {"topic": "no-such-topic"}).content.decode()
    assert "Only piece" not in html
    assert "No topic called" in html


def test_page_past_the_end_shows_the_last_page(client, article_index):
    for i in range(12):
        ArticlePageFactory(parent=article_index, title=f"Piece {i:02d}")
    html = client.get(article_index.url, {"page": "999"}).content.decode()
    assert "Page 2 of 2" in html


@pytest.mark.parametrize("n", [1, 25])
def test_index_query_count_does_not_grow_with_articles(
    client, article_index, django_assert_max_num_queries, n
):
    topic = TopicFactory()
    for _ in range(n):
        ArticlePageFactory(parent=article_index, topics=[topic])
    client.get(article_index.url)
    with django_assert_max_num_queries(16):
        assert client.get(article_index.url).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200
