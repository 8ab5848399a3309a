"""Uncached pages run a fixed, small number of SQL queries: the same for one item as
for a hundred (equality, as tests/api/test_query_counts.py asserts for the API),
and within the page's budget. Articles carry hero images and figures, so images
and their renditions are counted too."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail_factories import ImageFactory

from readers.models import Comment, PageComments
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    TopicFactory,
    fact,
    highlight,
)
from tests.factories.api import ReportFactory, cite

pytestmark = pytest.mark.django_db

# The 8, 8 and 10. Listings read each card's topics and bylines in the
# articles' own query and join its lead image (renditions: one prefetch); the
# article reads its topics and bylines with its row; the event page finds the
# articles that cite it through the reference index in one query.
#
# The article: 8, the same for one and a hundred of everything, bylines with
# photos and related analysis included. Routing 2 (the pages on the path, then the
# article with its topics and bylines with their authors folded into its row),
# events 1, reports 1, images 1 (figures and author photos together), related
# analysis with card images joined 1, every rendition the page shows 1 (lead
# image, figures, author photos, cards), comments 1. A miss served from the
# stored parts (rexchange/cache/fragments.py) costs 3.
ARTICLE_BUDGET = 8
LISTING_BUDGET = 8
EVENT_BUDGET = 10
# The tracker's material page shows four lists at once (see the test).
MATERIAL_BUDGET = 12


def _count(client, url) -> list[str]:
    # Warm per-process and shared caches (site, settings, navigation, content
    # types, image renditions), as any request after the first finds them; the
    # first request also records the images' file sizes, which is a change.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"][:160] for q in queries.captured_queries]


def _assert_budget(client, urls, grow, budget):
    grow(1)
    small = {url: _count(client, url) for url in urls}
    grow(99)
    for url in urls:
        large = _count(client, url)
        listing = "\n".join(large)
        assert len(large) == len(small[url]), (
            f"{url}: {len(small[url])} for 1 item, {len(large)} for 100:\n{listing}"
        )
        assert len(large) <= budget, f"{url}: over {budget}:\n{listing}"


@pytest.fixture
def world(article_index, tracker):
    regulator = RegulatorFactory(slug="mofcom")
    material = MaterialFactory(slug="terbium")
    return {
        "index": article_index,
        "tracker": tracker,
        "regulator": regulator,
        "material": material,
        "topic": TopicFactory(slug="quotas"),
        "author": AuthorFactory(slug="writer"),
        "report": ReportFactory(),
        # A fixed early date: the factory's dates move on through a long session,
        # and a previous event must come before the events that follow it.
        "previous": LicenceEventPageFactory(
            parent=tracker,
            regulator=regulator,
            materials=[material],
            announced_on=dt.date(2020, 1, 1),
        ),
    }


def _event(world, previous=None, **kwargs):
    return LicenceEventPageFactory(
        parent=world["tracker"],
        regulator=world["regulator"],
        materials=[world["material"]],
        previous_event=previous or world["previous"],
        facts=[
            fact("procedure", "changed", citations=[cite(event=world["previous"])]),
            fact("exporters", "undisclosed", citations=[cite(report=world["report"])]),
        ],
        **kwargs,
    )


def _listed_article(world):
    """An article as listings show it: hero image, byline, topic, an event."""
    article = ArticlePageFactory(
        parent=world["index"],
        hero_image=ImageFactory(),
        hero_alt="A port crane",
        topics=[world["topic"]],
        related_events=[_event(world)],
        dek="Lutetium licences, read closely.",
    )
    article.bylines.create(author=world["author"], sort_order=0)
    article.save()  # a cluster's children reach the database when the page saves
    return article


def test_listings_cost_the_same_for_one_and_a_hundred_articles(client, world):
    urls = [
        "/",
        world["index"].url,
        world["index"].url + "?topic=quotas",
        "/topics/quotas/",
        "/authors/writer/",
        "/regulators/mofcom/",
        world["tracker"].url,
        world["tracker"].url + "questions/",
        "/search/?q=lutetium",
    ]
    _assert_budget(
        client,
        urls,
        lambda n: [_listed_article(world) for _ in range(n)],
        LISTING_BUDGET,
    )


def test_the_trackers_material_page_costs_the_same_for_one_and_a_hundred(client, world):
    """The timeline of a material, and where its regime stands.

    Over the issue's 8: since the two material pages became one, this page shows
    four lists, each its own query: routing (two), the material, its analysis as
    cards (articles with topics and bylines, then renditions: two), its events
    (count and page: two), its regime's event chain and their materials (two), its
    open questions, and two as the template renders (a page, and the timeline
    events' materials)."""
    _assert_budget(
        client,
        [world["tracker"].url + "materials/terbium/"],
        lambda n: [_listed_article(world) for _ in range(n)],
        MATERIAL_BUDGET,
    )


def test_an_article_costs_the_same_with_one_or_a_hundred_of_everything(client, world):
    """Bylines, topics, related and embedded events, cited events and reports,
    figures and approved comments: one of each, then a hundred of each."""
    article = ArticlePageFactory(
        parent=world["index"],
        hero_image=ImageFactory(),
        hero_alt="A port crane",
    )

    # Related analysis: a piece sharing a topic, with its card image and byline.
    article.topics.add(world["topic"])
    _listed_article(world)

    def grow(n):
        article.refresh_from_db()
        events = [_event(world) for _ in range(n)]
        reports = [ReportFactory() for _ in range(n)]
        body = list(article.body.raw_data)
        for event, report in zip(events, reports, strict=True):
            body += [
                {"type": "heading", "value": {"text": event.title, "level": "2"}},
                {
                    "type": "event_facts",
                    "value": {"event": event.pk, "title": "", "show_transitions": True},
                },
                {
                    "type": "reporting_assessment",
                    "value": {
                        "report": report.pk,
                        "source_name": "",
                        "url": "",
                        "title": "",
                        "gets_right": ["The approvals."],
                        "leaves_out": ["Which firms."],
                    },
                },
                {
                    "type": "figure",
                    "value": {
                        "image": ImageFactory().pk,
                        "alt_text": "A chart",
                        "caption": "",
                        "credit": "",
                    },
                },
            ]
        article.body = body
        # At most five highlights: each cites events and reports, more with more.
        article.highlights = [
            highlight(f"Claim {i}.", **cite(event=events[i % n], report=reports[0]))
            for i in range(5)
        ]
        article.save()
        for i in range(n):
            article.related_events.add(events[i])
            article.topics.add(TopicFactory())
            article.bylines.create(
                author=AuthorFactory(photo=ImageFactory()), sort_order=i
            )
            Comment.objects.create(
                page=article,
                name=f"Reader {i}",
                email=f"reader{i}@example.org",
                body="Which exporters?",
                status=Comment.Status.APPROVED,
            )
        article.save()  # the new bylines reach the database with the page

    _assert_budget(client, [article.url], grow, ARTICLE_BUDGET)
    html = client.get(article.url).content.decode()
    assert html.count('class="figure"') == 100
    assert html.count('class="comment"') == 100
    assert 'class="related related-analysis"' in html
    assert html.count('class="byline-author"') == 100


def test_an_event_page_costs_the_same_with_one_or_a_hundred_of_everything(
    client, world
):
    """Materials, cited events and reports, next events, discussing articles and
    comments (the event is open for comments)."""
    event = _event(world, announced_on=dt.date(2026, 1, 1))
    PageComments.objects.create(page=event, state=PageComments.State.OPEN)

    def grow(n):
        event.refresh_from_db()
        others = [_event(world) for _ in range(n)]
        reports = [ReportFactory() for _ in range(n)]
        event.facts = [
            fact(
                "procedure",
                "changed",
                citations=[cite(event=o) for o in others]
                + [cite(report=r) for r in reports],
            )
        ] + list(event.facts.raw_data)
        event.save()
        for i in range(n):
            event.materials.add(MaterialFactory())
            _event(world, previous=event, announced_on=dt.date(2026, 2, 1))
            ArticlePageFactory(parent=world["index"], related_events=[event])
            Comment.objects.create(
                page=event,
                name=f"Reader {i}",
                email=f"reader{i}@example.org",
                body="Which products?",
                status=Comment.Status.APPROVED,
            )

    _assert_budget(client, [event.url], grow, EVENT_BUDGET)
