"""The article page as a reader sees it."""

import json
import re

import pytest

from articles.models import ArticleAuthor
from rexchange.publication.models import PublicationSettings
from tests.factories import ArticlePageFactory, AuthorFactory, TopicFactory, highlight

pytestmark = pytest.mark.django_db


def _body(*blocks):
    return [{"type": t, "value": v} for t, v in blocks]


def _heading(text, level="2"):
    return ("heading", {"text": text, "level": level})


WHAT_CHANGED = (
    "what_changed",
    {
        "title": "",
        "changed": [{"dimension": "procedure", "statement": "General licences now."}],
        "unchanged": [{"dimension": "scope", "statement": "Controls stay in force."}],
        "undisclosed": [
            {"dimension": "destinations", "statement": "Destinations not named."},
            {"dimension": "legal_basis", "statement": "Basis not cited."},
        ],
    },
)


def test_highlights_appear_with_their_citations(client, article_index):
    page = ArticlePageFactory(
        parent=article_index,
        highlights=[
            highlight(
                "Some applications were approved.",
                label="MOFCOM",
                url="https://www.mofcom.gov.cn/",
            ),
            highlight("Which exporters is undisclosed."),
        ],
    )
    html = client.get(page.url).content.decode()
    assert "Some applications were approved." in html
    assert "Which exporters is undisclosed." in html
    assert 'href="https://www.mofcom.gov.cn/"' in html


def test_table_of_contents_links_to_unique_anchors(client, article_index):
    page = ArticlePageFactory(
        parent=article_index,
        body=_body(_heading("Scope"), _heading("Scope"), _heading("出口管制", "3")),
    )
    html = client.get(page.url).content.decode()
    for anchor in ("scope", "scope-2", "出口管制"):
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html
    assert '<h3 id="出口管制">' in html


def test_table_of_contents_is_hidden_with_a_single_heading(client, article_index):
    page = ArticlePageFactory(parent=article_index, body=_body(_heading("Only one")))
    html = client.get(page.url).content.decode()
    assert 'class="toc"' not in html
    assert 'id="only-one"' in html


def test_what_changed_block_shows_all_three_lists(client, article_index):
    page = ArticlePageFactory(parent=article_index, body=_body(WHAT_CHANGED))
    html = client.get(page.url).content.decode()
    for label in ("What changed", "What didn&#x27;t change", "What is undisclosed"):
        assert label in html
    assert "General licences now." in html
    assert "Controls stay in force." in html
    assert "Destinations not named." in html
    assert "Legal basis" in html


def test_footer_shows_the_copyright_line_from_site_settings(client, article_index):
    settings = PublicationSettings.for_site(article_index.get_site())
    settings.copyright_holder = "Example Analysis Ltd"
    settings.copyright_start_year = 2025
    settings.save()
    page = ArticlePageFactory(parent=article_index)
    html = client.get(page.url).content.decode()
    assert re.search(r"© 2025(–\d{4})? Example Analysis Ltd", html)


def test_external_links_open_in_a_new_tab_and_say_so(client, article_index):
    page = ArticlePageFactory(
        parent=article_index,
        body=_body(
            (
                "paragraph",
                '<p>See <a href="https://www.asianmetal.com/x">the report</a>.</p>',
            )
        ),
        sources=[
            {
                "type": "source",
                "value": {"label": "MOFCOM", "url": "https://www.mofcom.gov.cn/"},
            }
        ],
    )
    html = client.get(page.url).content.decode()
    links = re.findall(r"<a [^>]*target=\"_blank\"[^>]*>.*?</a>", html)
    assert len(links) == 2
    for link in links:
        assert "noopener" in link
        assert '<span class="visually-hidden"> (opens in a new tab)</span>' in link


def test_article_head_has_seo_tags_and_news_article_json_ld(client, article_index):
    author = AuthorFactory(name="Mei-Lin Zhou")
    page = ArticlePageFactory(parent=article_index)
    ArticleAuthor.objects.create(page=page, author=author)
    html = client.get(page.url).content.decode()
    assert f'<link rel="canonical" href="{page.full_url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="description" content="' in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(ld.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == page.title
    assert data["author"] == [{"@type": "Person", "name": "Mei-Lin Zhou"}]


def test_draft_article_is_a_404_to_the_public(client, article_index):
    page = ArticlePageFactory(parent=article_index, live=False)
    assert client.get(page.url or f"/analysis/{page.slug}/").status_code == 404


def _article_with(article_index, n):
    authors = [AuthorFactory() for _ in range(n)]
    topics = [TopicFactory() for _ in range(n)]
    body = []
    for i in range(n):
        body += [
            _heading(f"Section {i}"),
            ("paragraph", f"<p>Text {i}</p>"),
            WHAT_CHANGED,
        ]
    page = ArticlePageFactory(
        parent=article_index,
        highlights=[
            highlight(f"Claim {i}", label="src", url="https://example.org/")
            for i in range(min(n, 5))
        ],
        body=_body(*body),
        topics=topics,
    )
    for i, author in enumerate(authors):
        ArticleAuthor.objects.create(page=page, author=author, sort_order=i)
    return page


@pytest.mark.parametrize("n", [1, 30])
def test_article_query_count_does_not_grow_with_content(
    client, article_index, django_assert_max_num_queries, n
):
    page = _article_with(article_index, n)
    client.get(page.url)  # warm per-process caches (site root paths, content types)
    # Two of these are the readers' comments: whether the piece takes comments, and
    # its approved thread (the same two for any number of comments, see
    # tests/readers/test_comments.py).
    with django_assert_max_num_queries(17):
        response = client.get(page.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="author"') == n
