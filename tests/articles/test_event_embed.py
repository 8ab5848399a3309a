"""Articles embed a licence event's facts from the policy record instead of retyping
them, list related events, and cite events in highlights — live events only."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import (
    ArticlePageFactory,
    InstrumentFactory,
    LicenceEventPageFactory,
    fact,
    highlight,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(tracker):
    instrument = InstrumentFactory()
    april = LicenceEventPageFactory(
        parent=tracker,
        title="April controls",
        regulator=instrument.regulator,
        instrument=instrument,
        announced_on=dt.date(2025, 4, 4),
        facts=[fact("destinations", "undisclosed", "Not said in April.")],
    )
    licences = LicenceEventPageFactory(
        parent=tracker,
        title="General licences",
        regulator=instrument.regulator,
        instrument=instrument,
        announced_on=dt.date(2025, 12, 4),
        facts=[
            fact("procedure", "changed", "A general licence replaces approvals."),
            fact("destinations", "undisclosed", "Which buyers is not said."),
            fact("scope", "unchanged", "The controls stay in force."),
        ],
    )
    return april, licences


def _embed(event, **value):
    return {
        "type": "event_facts",
        "value": {"event": event.pk, "title": "", "show_transitions": True, **value},
    }


def _html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_embedded_event_shows_its_three_groups_and_transitions(
    client, article_index, chain
):
    april, licences = chain
    page = ArticlePageFactory(parent=article_index, body=[_embed(licences)])
    html = _html(client, page)
    embed = html[html.index('<section class="event-embed">') :]
    embed = embed[: embed.index("</section>")]
    assert '<h3 class="block-title">General licences</h3>' in embed
    assert f'<a href="{licences.url}">The full record of this event</a>' in embed
    for state, text in [
        ("changed", "A general licence replaces approvals."),
        ("unchanged", "The controls stay in force."),
        ("undisclosed", "Which buyers is not said."),
    ]:
        group = embed[embed.index(f'class="fact-group fact-{state}"') :]
        assert text in group[: group.index("</div>")]
    assert f'Compared with <a href="{april.url}">April controls</a>' in embed
    assert "<strong>Still undisclosed:</strong> Destinations." in embed


def test_embed_title_and_transitions_follow_the_editor_s_choice(
    client, article_index, chain
):
    _, licences = chain
    page = ArticlePageFactory(
        parent=article_index,
        body=[_embed(licences, title="The record", show_transitions=False)],
    )
    html = _html(client, page)
    assert '<h3 class="block-title">The record</h3>' in html
    assert "Since the previous event" not in html


def test_a_draft_event_embeds_as_nothing(client, article_index, tracker):
    draft = LicenceEventPageFactory(
        parent=tracker,
        title="Secret quota",
        facts=[fact("volumes", "changed", "A confidential quota.")],
        live=False,
    )
    page = ArticlePageFactory(
        parent=article_index,
        body=[{"type": "paragraph", "value": "<p>Before.</p>"}, _embed(draft)],
    )
    html = _html(client, page)
    assert "Before." in html
    assert "event-embed" not in html
    assert "Secret quota" not in html
    assert "A confidential quota." not in html


def test_an_event_unpublished_after_embedding_disappears(client, article_index, chain):
    _, licences = chain
    page = ArticlePageFactory(parent=article_index, body=[_embed(licences)])
    assert "event-embed" in _html(client, page)
    licences.unpublish()
    assert "event-embed" not in _html(client, page)


def test_embed_shows_the_first_event_of_a_chain_without_a_comparison(
    client, article_index, chain
):
    april, _ = chain
    page = ArticlePageFactory(parent=article_index, body=[_embed(april)])
    html = _html(client, page)
    assert "first event we have published on this line" in html


def test_related_events_are_listed_when_live(client, article_index, chain, tracker):
    april, licences = chain
    draft = LicenceEventPageFactory(parent=tracker, title="Draft event", live=False)
    page = ArticlePageFactory(
        parent=article_index, related_events=[april, licences, draft]
    )
    html = _html(client, page)
    related = html[html.index('id="related-events-heading"') :]
    related = related[: related.index("</section>")]
    assert related.index("General licences") < related.index("April controls")
    assert f'href="{april.url}"' in related
    assert "Draft event" not in html


def test_no_related_events_means_no_section(client, article_index):
    page = ArticlePageFactory(parent=article_index)
    assert "related-events" not in _html(client, page)


def test_a_highlight_citing_an_event_links_to_its_page(client, article_index, chain):
    _, licences = chain
    page = ArticlePageFactory(
        parent=article_index,
        highlights=[highlight("Some licences were approved.", event=licences.pk)],
    )
    html = _html(client, page)
    assert f'<a class="citation" href="{licences.url}">General licences</a>' in html


def test_a_highlight_citing_a_draft_event_neither_links_nor_names_it(
    client, article_index, tracker
):
    draft = LicenceEventPageFactory(parent=tracker, title="Draft event", live=False)
    page = ArticlePageFactory(
        parent=article_index,
        highlights=[
            highlight("A claim.", event=draft.pk),
            highlight("Another claim.", event=draft.pk, label="Our record"),
        ],
    )
    html = _html(client, page)
    assert "Draft event" not in html
    assert draft.slug not in html
    assert '<span class="citation">Our record</span>' in html


@pytest.mark.parametrize("n", [1, 10])
def test_article_query_count_does_not_grow_with_embedded_events(
    client, article_index, tracker, django_assert_max_num_queries, n
):
    instrument = InstrumentFactory()
    cite = [{"label": "Source", "url": "https://example.org/"}]
    events = [
        LicenceEventPageFactory(
            parent=tracker,
            instrument=instrument,
            regulator=instrument.regulator,
            facts=[fact("procedure", "changed", citations=cite)],
        )
        for _ in range(n + 1)
    ][1:]  # each embedded event follows another, so transitions are computed
    assert all(e.previous_event_id for e in events)
    page = ArticlePageFactory(
        parent=article_index,
        body=[_embed(e) for e in events],
        related_events=events,
    )
    client.get(page.url)  # warm per-process caches (site root paths, content types)
    # One of these looks for related analysis (other pieces on the same events).
    with django_assert_max_num_queries(19):
        response = client.get(page.url)
    assert response.content.decode().count('<section class="event-embed">') == n


def test_editors_previewing_an_article_are_told_a_draft_event_is_hidden(
    admin_client, article_index, tracker
):
    draft = LicenceEventPageFactory(parent=tracker, title="Draft quota", live=False)
    page = ArticlePageFactory(parent=article_index, body=[_embed(draft)])
    html = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    ).content.decode()
    assert "Preview only: “Draft quota” is not live and public" in html
    assert "event-embed" not in html
