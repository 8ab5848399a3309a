"""One visibility rule for every reference to a page: live, public and in a live
section. Each surface is tried with a password-protected live event and a live
article under an unpublished analysis index (an orphan), next to visible ones."""

import datetime as dt

import pytest

from policy.selectors.visibility import licence_event_visible
from rexchange.publication.visibility import hidden_sections, page_is_visible
from tests.factories import ArticleIndexPageFactory
from tests.factories.api import (
    LicenceEventPageFactory,
    cite,
    fact,
    make_article,
    make_private,
    publish,
)
from tests.factories.articles import highlight

SEALED = "Sealed samarium decision"
ORPHAN = "Orphaned samarium analysis"


@pytest.fixture
def world(home_page, article_index, tracker):
    """A visible event chain with a password-protected event in the middle, an
    article citing, embedding and relating to that event, and an orphan article."""
    earlier = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Open samarium controls",
            slug="open-controls",
            announced_on=dt.date(2025, 4, 4),
        )
    )
    sealed = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title=SEALED,
            slug="sealed-decision",
            summary="Samarium exporters were told privately.",
            previous_event=earlier,
            announced_on=dt.date(2025, 6, 1),
        )
    )
    make_private(sealed)
    later = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Later samarium suspension",
            slug="later-suspension",
            previous_event=sealed,
            announced_on=dt.date(2025, 11, 1),
            facts=[fact("procedure", "changed", "", cite(event=sealed))],
        )
    )
    article = make_article(
        article_index,
        title="Visible samarium analysis",
        slug="visible-analysis",
        highlights=[
            highlight("Samarium controls stay.", label="", url="", event=sealed.pk),
            highlight("Earlier controls.", label="", url="", event=earlier.pk),
        ],
        events=[sealed, earlier],
        body=[
            {
                "type": "event_facts",
                "value": {"event": sealed.pk, "title": "", "show_transitions": True},
            }
        ],
    )
    desk = publish(ArticleIndexPageFactory(parent=home_page, slug="drafts-desk"))
    orphan = make_article(
        desk, title=ORPHAN, slug="orphaned-analysis", events=[earlier]
    )
    orphan_url = orphan.url
    desk.unpublish()
    orphan.refresh_from_db()
    assert orphan.live
    return {
        "earlier": earlier,
        "sealed": sealed,
        "later": later,
        "article": article,
        "orphan": orphan,
        "orphan_url": orphan_url,
    }


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _leaks(html: str, world) -> list[str]:
    found = [t for t in (SEALED, ORPHAN) if t in html]
    found += [u for u in (world["sealed"].url, world["orphan_url"]) if u in html]
    return found


def test_the_rule_hides_restricted_events_and_pages_in_unpublished_sections(world):
    assert page_is_visible(world["earlier"])
    assert not page_is_visible(world["sealed"])
    assert not page_is_visible(world["orphan"])
    visible = set(licence_event_visible().values_list("pk", flat=True))
    assert visible == {world["earlier"].pk, world["later"].pk}
    hidden = hidden_sections()
    assert (
        world["orphan"]
        .__class__.objects.filter(hidden)
        .filter(pk=world["orphan"].pk)
        .exists()
    )


def test_an_article_under_an_unpublished_index_answers_404(client, world):
    assert client.get(world["orphan_url"]).status_code == 404
    assert client.get("/drafts-desk/").status_code == 404


def test_citation_embed_and_related_events_never_show_a_restricted_event(client, world):
    html = _html(client, world["article"].url)
    assert _leaks(html, world) == []
    # The visible event next to it is cited and related as usual.
    assert "Open samarium controls" in html
    assert world["earlier"].url in html
    assert 'class="event-embed"' not in html


def test_previous_event_and_what_came_next_skip_a_restricted_event(client, world):
    earlier = _html(client, world["earlier"].url)
    later = _html(client, world["later"].url)
    assert _leaks(earlier, world) == []
    assert _leaks(later, world) == []


def test_event_pages_do_not_list_an_orphaned_article_as_discussing_them(client, world):
    html = _html(client, world["earlier"].url)
    assert "Visible samarium analysis" in html
    assert ORPHAN not in html


@pytest.mark.parametrize("url", ["/", "/analysis/", "/topics/", "/authors/"])
def test_listings_never_show_hidden_pages(client, world, url):
    assert _leaks(_html(client, url), world) == []


@pytest.mark.parametrize(
    "url", ["/feeds/analysis/rss/", "/feeds/analysis/atom/", "/feeds/events/rss/"]
)
def test_feeds_never_carry_hidden_pages(client, world, url):
    xml = _html(client, url)
    assert _leaks(xml, world) == []
    assert "samarium" in xml.lower()


def test_the_sitemap_never_lists_hidden_pages(client, world):
    xml = _html(client, "/sitemap.xml")
    assert "visible-analysis" in xml
    assert "open-controls" in xml
    assert "sealed-decision" not in xml
    assert "orphaned-analysis" not in xml
    assert "drafts-desk" not in xml


def test_search_never_finds_hidden_pages(client, world):
    html = _html(client, "/search/?q=samarium")
    assert "Visible samarium analysis" in html
    assert _leaks(html, world) == []


def test_the_api_never_returns_hidden_pages(client, world):
    articles = client.get("/api/v1/articles/").json()
    assert {a["title"] for a in articles["results"]} == {"Visible samarium analysis"}
    events = client.get("/api/v1/events/").json()
    assert SEALED not in {e["title"] for e in events["results"]}
    assert client.get(f"/api/v1/events/{world['sealed'].pk}/").status_code == 404
    assert client.get(f"/api/v1/articles/{world['orphan'].pk}/").status_code == 404
    highlights = client.get("/api/v1/highlights/").content.decode()
    assert _leaks(highlights, world) == []
    later = client.get(f"/api/v1/events/{world['later'].pk}/").content.decode()
    assert _leaks(later, world) == []
