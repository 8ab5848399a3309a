"""Hostile or careless input gets a 400 or 404 with a message, never a 500."""

import pytest

from tests.factories.api import make_article

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/articles/",
    "/api/v1/highlights/",
    "/api/v1/events/",
    "/api/v1/regulators/",
    "/api/v1/materials/",
    "/api/v1/instruments/",
]

BAD = [
    ({"page_size": "1000000000"}, 400, "page_size"),
    ({"page_size": "0"}, 400, "page_size"),
    ({"page_size": "-5"}, 400, "page_size"),
    ({"page_size": "ten"}, 400, "page_size"),
    ({"page_size": "1" * 400}, 400, "page_size"),
    ({"cursor": "garbage"}, None, None),
    ({"page": "abc"}, None, None),
    ({"page": "99999999999999999999999"}, None, None),
    ({"nonsense": "1"}, 400, "nonsense"),
    ({"x" * 5000: "1"}, 400, None),
    ({"ordering": "'; DROP TABLE wagtailcore_page; --"}, None, None),
    ({"topic": "' OR '1'='1"}, None, None),
    ({"since": "2025-13-45"}, None, None),
    ({"q": "x" * 10_000}, 400, None),
    ({"topic": "a\x00b"}, None, None),
    ({"event": "99999999999999999999999999"}, None, None),
    ({"regulator": ",".join(f"r{i}" for i in range(60))}, None, None),
]


@pytest.fixture
def some_content(article_index, general_licence_event):
    make_article(article_index, texts=("A claim.",), events=[general_licence_event])


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("query", "status", "field"), BAD)
def test_bad_queries_are_refused_with_a_message(
    client, some_content, url, query, status, field
):
    response = client.get(url, query)
    assert response.status_code in (400, 404), response.content[:300]
    if status is not None:
        assert response.status_code == status
    body = response.json()
    assert body, "an error says what went wrong"
    if field is not None:
        assert field in body
    if response.status_code == 404:
        assert body["detail"]


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/v1/articles/", {"published_after": "2025-13-45"}, "published_after"),
        ("/api/v1/articles/", {"updated_since": "2025-02-30T10:00"}, "updated_since"),
        ("/api/v1/highlights/", {"since": "99999-01-01"}, "since"),
        ("/api/v1/events/", {"announced_before": "yesterday"}, "announced_before"),
        ("/api/v1/events/", {"regulator": "' OR 1=1 --"}, "regulator"),
        ("/api/v1/highlights/", {"event": "1; DELETE FROM policy_report"}, "event"),
        ("/api/v1/events/", {"material": ",".join(["x"] * 51)}, None),
        (
            "/api/v1/events/",
            {"material": ",".join(f"m{i}" for i in range(51))},
            "material",
        ),
    ],
)
def test_invalid_values_name_the_parameter(client, some_content, url, query, field):
    response = client.get(url, query)
    assert response.status_code == 400
    if field:
        assert list(response.json()) == [field]
        assert response.json()[field][0]


def test_a_ten_kilobyte_query_string_is_refused(client, some_content):
    response = client.get("/api/v1/articles/?" + "topic=" + "a" * 10_240)
    assert response.status_code == 400
    assert "query" in response.json()


def test_a_single_value_parameter_given_twice_is_refused(client, some_content):
    response = client.get(
        "/api/v1/events/?announced_after=2025-01-01&announced_after=2025-02-01"
    )
    assert response.status_code == 400
    assert "once" in response.json()["announced_after"][0]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/events/"])
def test_writes_are_not_allowed(client, some_content, method, url):
    deep = "[" * 5000 + "]" * 5000
    response = getattr(client, method)(url, deep, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/abc/",
        "/api/v1/events/-1/",
        "/api/v1/events/99999999999999999999999/",
        "/api/v1/highlights/not-a-uuid/",
        "/api/v1/articles/by-slug/%00/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/articles/1.5/",
    ],
)
def test_unknown_objects_and_paths_are_json_404s(client, some_content, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_write_to_an_unknown_api_path_is_a_json_404(client):
    response = client.post("/api/v1/nothing-here/", {"x": "1"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
