"""The licence event page: header facts, the three groups, transitions since the
previous event, sources, and the analysis that discusses it — live content only."""

import datetime as dt
import re

import pytest

from articles.models import ArticlePage
from tests.factories import (
    ArticlePageFactory,
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    RegulatorFactory,
    fact,
)

pytestmark = pytest.mark.django_db

MOFCOM_URL = "https://www.mofcom.gov.cn/"


@pytest.fixture
def instrument():
    mofcom = RegulatorFactory(
        name="Ministry of Commerce", short_name="MOFCOM", slug="mofcom"
    )
    return InstrumentFactory(
        regulator=mofcom,
        slug="no-18",
        title="Controls on heavy rare earths",
        document_reference="Announcement No. 18 of 2025",
    )


@pytest.fixture
def april(tracker, instrument):
    return LicenceEventPageFactory(
        parent=tracker,
        title="April controls",
        regulator=instrument.regulator,
        instrument=instrument,
        announced_on=dt.date(2025, 4, 4),
        facts=[
            fact("procedure", "changed", "Each export needs a licence."),
            fact("destinations", "undisclosed", "Not said."),
            fact("duration", "undisclosed", "Not stated."),
        ],
    )


@pytest.fixture
def licences(tracker, instrument, april):
    return LicenceEventPageFactory(
        parent=tracker,
        title="General licences",
        regulator=instrument.regulator,
        instrument=instrument,
        announced_on=dt.date(2025, 12, 4),
        effective_on=dt.date(2025, 12, 10),
        destinations="us, jp",
        summary="MOFCOM approved some general licence applications.",
        assessment_reason="Faster for a few; the controls stay.",
        materials=[
            MaterialFactory(name="Terbium", symbol="Tb", slug="terbium"),
            MaterialFactory(name="Dysprosium", symbol="Dy", slug="dysprosium"),
        ],
        facts=[
            fact(
                "procedure",
                "changed",
                "A general licence replaces case-by-case approval.",
                citations=[{"label": "MOFCOM statement", "url": MOFCOM_URL}],
            ),
            fact(
                "exporters",
                "undisclosed",
                "The approved firms are not named.",
                citations=[{"label": "MOFCOM statement", "url": MOFCOM_URL}],
            ),
            fact("destinations", "changed", "Two destinations are named."),
            fact("scope", "unchanged", "The controls stay in force."),
        ],
    )


def _html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def _group(html, state):
    start = html.index(f'class="fact-group fact-{state}"')
    return html[start : html.index("</div>", start)]


def test_header_shows_the_event_facts(client, tracker, licences):
    html = _html(client, licences)
    assert '<h1 id="event-title">General licences</h1>' in html
    assert 'href="/policy/regulators/mofcom/">Ministry of Commerce</a>' in html
    assert (
        'href="/policy/instruments/no-18/">Controls on heavy rare earths</a>, '
        "Announcement No. 18 of 2025 (in force)"
    ) in html
    assert '<time datetime="2025-12-04">4 December 2025</time>' in html
    assert '<time datetime="2025-12-10">10 December 2025</time>' in html
    assert 'href="/policy/materials/terbium/">Terbium (Tb)</a>' in html
    assert "<dd>US, JP</dd>" in html
    assert "Confirmed by the regulator" in html
    assert "Our assessment: consolidating" in html
    assert "Faster for a few; the controls stay." in html


def test_facts_are_grouped_by_what_is_known(client, licences):
    html = _html(client, licences)
    changed = _group(html, "changed")
    assert "A general licence replaces case-by-case approval." in changed
    assert "Two destinations are named." in changed
    assert "The controls stay in force." in _group(html, "unchanged")
    undisclosed = _group(html, "undisclosed")
    assert '<span class="dimension">Exporters</span> The approved firms' in undisclosed


def test_transitions_compare_with_the_previous_event_and_link_to_it(
    client, april, licences
):
    html = _html(client, licences)
    since = html[html.index('id="since-heading"') :]
    assert f'Compared with <a href="{april.url}">April controls</a>' in since
    rows = re.findall(
        r'<span class="dimension">([^<]+)</span>\s*<p class="what">'
        r'<span class="change-label">([^<]+)</span></p>',
        since,
    )
    assert rows == [
        ("Exporters", "First recorded in this event."),
        ("Destinations", "Now changed; before, undisclosed."),
        ("Duration", "Not mentioned in this event."),
        ("Procedure", "Still changed, but the statement is new."),
        ("Scope", "First recorded in this event."),
    ]
    for jargon in ("Moved", "Not recorded this time", "As before"):
        assert jargon not in since
    assert "Before: Not said." in since


def test_a_draft_previous_event_is_never_shown_or_compared(client, april, licences):
    april.unpublish()
    html = _html(client, licences)
    assert "April controls" not in html
    assert april.url_path.rstrip("/").rsplit("/", 1)[-1] not in html
    assert "first event we have published on this line" in html
    assert 'class="transitions"' not in html


def test_the_first_event_in_a_chain_says_so(client, april):
    html = _html(client, april)
    assert "first event we have published on this line" in html


def test_later_events_are_listed_as_what_came_next_when_live(client, april, licences):
    html = _html(client, april)
    assert f'<a href="{licences.url}">General licences</a>' in html
    licences.unpublish()
    assert "General licences" not in _html(client, april)


def test_sources_list_each_citation_once(client, licences):
    html = _html(client, licences)
    sources = html[html.index('id="sources-heading"') :]
    sources = sources[: sources.index("</section>")]
    assert sources.count(f'href="{MOFCOM_URL}"') == 1


def test_only_live_articles_that_discuss_the_event_are_listed(
    client, article_index, licences
):
    related = ArticlePageFactory(
        parent=article_index, title="Related note", related_events=[licences]
    )
    ArticlePageFactory(
        parent=article_index, title="Draft note", related_events=[licences], live=False
    )
    embedding = ArticlePageFactory(
        parent=article_index,
        title="Embedding note",
        body=[
            {
                "type": "event_facts",
                "value": {"event": licences.pk, "title": "", "show_transitions": True},
            }
        ],
    )
    ArticlePageFactory(parent=article_index, title="Unrelated note")
    html = _html(client, licences)
    listed = html[html.index('id="articles-heading"') :]
    assert f'<a href="{related.url}">Related note</a>' in listed
    assert f'<a href="{embedding.url}">Embedding note</a>' in listed
    assert "Draft note" not in listed
    assert "Unrelated note" not in listed
    assert ArticlePage.objects.count() == 4


def test_a_draft_event_is_a_404_to_the_public(client, tracker):
    event = LicenceEventPageFactory(parent=tracker, live=False)
    assert client.get(f"{tracker.url}{event.slug}/").status_code == 404


def _event_with(tracker, article_index, n):
    regulator = RegulatorFactory()
    instrument = InstrumentFactory(regulator=regulator)
    others = [
        LicenceEventPageFactory(parent=tracker, regulator=regulator) for _ in range(n)
    ]
    previous = LicenceEventPageFactory(
        parent=tracker,
        regulator=regulator,
        instrument=instrument,
        announced_on=dt.date(2020, 1, 1),
        facts=[fact(d, "undisclosed") for d in ("exporters", "volumes", "scope")],
    )
    cite = [{"label": "", "url": "", "event": e.pk} for e in others]
    event = LicenceEventPageFactory(
        parent=tracker,
        regulator=regulator,
        instrument=instrument,
        announced_on=dt.date(2026, 1, 1),
        materials=[MaterialFactory() for _ in range(min(n, 9))],
        facts=[
            fact(d, "changed", citations=cite)
            for d in ("exporters", "products", "volumes", "destinations", "duration")
        ],
    )
    for _ in range(n):
        LicenceEventPageFactory(
            parent=tracker,
            regulator=regulator,
            previous_event=event,
            announced_on=dt.date(2026, 2, 1),
        )
    for _ in range(n):
        ArticlePageFactory(parent=article_index, related_events=[event])
    assert event.previous_event == previous
    return event


@pytest.mark.parametrize("n", [1, 50])
def test_event_page_query_count_does_not_grow_with_content(
    client, tracker, article_index, django_assert_max_num_queries, n
):
    event = _event_with(tracker, article_index, n)
    client.get(event.url)  # warm per-process caches (site root paths, content types)
    # One of these reads which cited events readers may see (drafts, private ones
    # and those in unpublished sections lend a citation neither title nor link).
    # One more asks whether an editor opened the event to readers' comments.
    with django_assert_max_num_queries(23):
        response = client.get(event.url)
    html = response.content.decode()
    assert html.count('class="discussed-in"') == 1
    assert html.count('class="citation"') == 5 * n + n  # in the facts, then sources
