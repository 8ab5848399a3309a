"""Filter rules shared by every endpoint: repeated or comma-separated values,
unknown values match nothing, UTC offsets PostgreSQL can store, stable cursors."""

import pytest
import yaml

from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_topics(article_index, topic):
    from tests.factories import TopicFactory

    other = TopicFactory(name="Licensing", slug="licensing")
    first = make_article(article_index, texts=("On controls.",), topics=[topic])
    second = make_article(article_index, texts=("On licensing.",), topics=[other])
    return first, second


@pytest.mark.parametrize(
    "query",
    [
        "topic=export-controls,licensing",
        "topic=export-controls&topic=licensing",
        "topic=export-controls&topic=licensing,export-controls",
    ],
)
def test_multi_value_filters_take_repeats_and_comma_lists(client, two_topics, query):
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 200, response.content
    assert {a["id"] for a in response.json()["results"]} == {a.pk for a in two_topics}


def test_a_single_value_parameter_given_twice_is_refused(client, two_topics):
    response = client.get("/api/v1/articles/?q=a&q=b")
    assert response.status_code == 400
    assert "once" in response.json()["q"][0]


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/articles/", "topic=no-such-topic"),
        ("/api/v1/articles/", "event=987654"),
        ("/api/v1/highlights/", "material=0"),
        ("/api/v1/highlights/", "regulator=nobody"),
        ("/api/v1/events/", "material=unobtainium"),
    ],
)
def test_a_well_formed_value_that_names_nothing_matches_nothing(
    client, two_topics, general_licence_event, url, query
):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200, response.content
    assert response.json()["results"] == []


def test_a_known_value_beside_an_unknown_one_still_matches(client, two_topics):
    response = client.get("/api/v1/articles/?topic=export-controls,no-such-topic")
    assert [a["id"] for a in response.json()["results"]] == [two_topics[0].pk]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/highlights/", "since"),
        ("/api/v1/articles/", "updated_since"),
        ("/api/v1/events/", "updated_since"),
    ],
)
@pytest.mark.parametrize(
    ("offset", "same_instant_in_utc"),
    [("+16:00", "2024-12-31T08:00:00Z"), ("-23:59", "2025-01-01T23:59:00Z")],
)
def test_utc_offsets_beyond_postgresql_range_mean_the_same_instant_in_utc(
    client, two_topics, url, name, offset, same_instant_in_utc
):
    """RFC 3339 allows offsets up to ±23:59; PostgreSQL stores ±15:59 at most, so
    the API converts to UTC first instead of refusing a valid date-time."""
    response = client.get(url, {name: f"2025-01-01T00:00:00{offset}"})
    assert response.status_code == 200, response.content
    in_utc = client.get(url, {name: same_instant_in_utc})
    assert response.json()["results"] == in_utc.json()["results"]


def test_the_widest_storable_offset_is_accepted(client, two_topics):
    response = client.get("/api/v1/highlights/", {"since": "2025-01-01T00:00-15:59"})
    assert response.status_code == 200


def test_a_two_page_cursor_walk_is_not_modified_on_repeat(client, article_index):
    make_article(article_index, texts=("One.", "Two.", "Three."))
    first = client.get("/api/v1/highlights/", {"page_size": 2})
    second = client.get(first.json()["next"])
    assert second.status_code == 200
    assert second.json()["next"] is None
    again_first = client.get(
        "/api/v1/highlights/", {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again_first.status_code == 304
    again_second = client.get(first.json()["next"], HTTP_IF_NONE_MATCH=second["ETag"])
    assert again_second.status_code == 304


def test_the_schema_declares_repeated_multi_value_parameters(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    topic = next(p for p in parameters if p["name"] == "topic")
    assert topic["schema"]["type"] == "array"
    assert (topic["style"], topic["explode"]) == ("form", True)


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+14:00", "1624-11-24T01:38:36Z", "9999-12-31T23:59Z"]
)
def test_any_valid_date_time_is_accepted_and_clamped(client, two_topics, when):
    response = client.get("/api/v1/articles/", {"updated_since": when})
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "query", ["/api/v1/highlights/?since=", "/api/v1/articles/?published_before="]
)
def test_an_empty_date_is_a_400(client, two_topics, query):
    response = client.get(query)
    assert response.status_code == 400


def test_an_undeclared_method_is_a_405_whatever_the_query(client, two_topics):
    response = client.generic("TRACE", "/api/v1/regulators/?nonsense=1")
    assert response.status_code == 405
