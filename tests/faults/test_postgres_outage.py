"""PostgreSQL stops under the running site: readers get a designed page, the load
balancer a 503, and everything answers again once it is back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tests.services import require_postgres

from .conftest import wait_for


@pytest.fixture
def site_on_private_postgres(private_postgres, django_db_blocker):
    """The site's database connection pointed at the private server for the test."""
    require_postgres()
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(
            HOST="127.0.0.1", PORT=str(8145), NAME="postgres", USER="postgres"
        )
        try:
            yield private_postgres
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
            if private_postgres.process is None:
                private_postgres.start()


def _get(path: str):
    return Client(raise_request_exception=False).get(path)


def test_health_answers_503_while_postgresql_is_down_and_200_after(
    site_on_private_postgres,
):
    """The load balancer sees /health/ go 200 → 503 (with the reason) → 200."""
    server = site_on_private_postgres
    assert _get("/health/").status_code == 200
    server.stop()
    down = _get("/health/")
    assert down.status_code == 503
    assert down.json()["status"] == "error"
    server.start()
    wait_for(
        lambda: _get("/health/").status_code == 200,
        timeout=30,
        what="/health/ to answer 200 after the restart",
    )


@pytest.mark.parametrize("path", ["/", "/analysis/", "/policy/", "/search/?q=x"])
def test_readers_get_a_designed_503_page_while_postgresql_is_down(
    site_on_private_postgres, path
):
    """Readers see "Back in a moment" with Retry-After, never a traceback or a
    cached error; the page needs no database to render."""
    site_on_private_postgres.stop()
    response = _get(path)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Back in a moment" in html
    assert "Traceback" not in html
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_an_ordinary_error_still_gets_the_500_page(rf, settings):
    """A bug that is not an outage keeps its 500 (monitoring must see it)."""
    from rexchange.health import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
