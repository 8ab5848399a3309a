"""Every list endpoint runs the same number of SQL queries for 1 and for 100 items,
and no more than five."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.services import highlight_sync
from tests.factories import ArticlePageFactory, AuthorFactory, TopicFactory, highlight
from tests.factories.api import (
    AnnotationFactory,
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    ReportFactory,
    api_key,
    cite,
    fact,
)

pytestmark = pytest.mark.django_db

API_LIST_BUDGET = 5


def _count(client, url, **headers) -> int:
    client.get(url, **headers)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


def _assert_constant(client, url, grow, budget=API_LIST_BUDGET, **headers):
    grow(1)
    small = _count(client, url, **headers)
    grow(99)
    large = _count(client, url, **headers)
    assert large == small, f"{url}: {small} queries for 1 item, {large} for 100"
    assert large <= budget, f"{url}: {large} queries"
    assert len(client.get(url, **headers).json()["results"]) == 100


@pytest.fixture
def world(article_index, tracker):
    """Shared related objects, so items differ only in number."""
    regulator = RegulatorFactory()
    materials = [MaterialFactory(), MaterialFactory()]
    instrument = InstrumentFactory(regulator=regulator, materials=materials)
    event = LicenceEventPageFactory(parent=tracker, regulator=regulator)
    return {
        "index": article_index,
        "tracker": tracker,
        "regulator": regulator,
        "materials": materials,
        "instrument": instrument,
        "event": event,
        "report": ReportFactory(),
        "topics": [TopicFactory(), TopicFactory()],
        "author": AuthorFactory(),
    }


def _article(world, highlights=1):
    article = ArticlePageFactory(
        parent=world["index"],
        topics=world["topics"],
        related_events=[world["event"]],
        highlights=[
            highlight(
                f"Claim {i}.", **cite(event=world["event"], report=world["report"])
            )
            for i in range(highlights)
        ],
        sources=[
            {
                "type": "source",
                "value": {"label": "MOFCOM", "url": "https://m.example/"},
            }
        ],
    )
    article.bylines.create(author=world["author"], sort_order=0)
    article.save()
    highlight_sync(article=article)
    return article


def test_articles_list(client, world):
    """The validator's count (which pages the list too), the articles with their
    topics, bylines and related event ids, their highlights, then the events
    (related and cited, one query) and the reports the highlights cite."""
    _assert_constant(
        client,
        "/api/v1/articles/?page_size=100",
        lambda n: [_article(world) for _ in range(n)],
    )


def test_highlights_list(client, world):
    def grow(n):
        # Five highlights per article, the most an article may have.
        for _ in range(n // 5):
            _article(world, highlights=5)
        for _ in range(n % 5):
            _article(world, highlights=1)

    _assert_constant(client, "/api/v1/highlights/?page_size=100", grow)


def test_events_list(client, world):
    def grow(n):
        for _ in range(n):
            LicenceEventPageFactory(
                parent=world["tracker"],
                regulator=world["regulator"],
                instrument=world["instrument"],
                previous_event=world["event"],
                materials=world["materials"],
                facts=[
                    fact("procedure", "changed", "", cite(event=world["event"])),
                    fact("exporters", "undisclosed", "", cite(report=world["report"])),
                ],
            )

    _assert_constant(client, "/api/v1/events/?page_size=100", grow)


def _instrument():
    # Each instrument has a regulator and two materials, shared so that only the
    # number of instruments grows.
    regulator = RegulatorFactory(slug="shared-regulator")
    materials = [MaterialFactory(slug="shared-a"), MaterialFactory(slug="shared-b")]
    return InstrumentFactory(regulator=regulator, materials=materials)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/regulators/", RegulatorFactory),
        ("/api/v1/materials/", MaterialFactory),
        ("/api/v1/instruments/", _instrument),
    ],
)
def test_reference_lists(client, url, make):
    _assert_constant(
        client, f"{url}?page_size=100", lambda n: [make() for _ in range(n)]
    )


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/reports/", lambda: ReportFactory()),
        ("/api/v1/annotations/", lambda: AnnotationFactory()),
    ],
)
def test_staff_lists(client, url, make):
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    key = api_key(user=staff)
    _assert_constant(
        client,
        f"{url}?page_size=100",
        lambda n: [make() for _ in range(n)],
        HTTP_X_API_KEY=key,
    )
