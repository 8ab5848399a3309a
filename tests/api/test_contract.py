"""The OpenAPI contract: generated without warnings, honoured by every operation."""

import re

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import highlight
from tests.factories.api import (
    AnnotationFactory,
    InstrumentFactory,
    ReportFactory,
    api_key,
    cite,
    every_block_body,
    make_article,
)

pytestmark = pytest.mark.django_db

STAFF_PATHS = ("/api/v1/reports", "/api/v1/annotations")


def test_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/articles/",
        "/api/v1/articles/by-slug/{slug}/",
        "/api/v1/highlights/",
        "/api/v1/events/{id}/diff/",
        "/api/v1/regulators/",
        "/api/v1/materials/",
        "/api/v1/instruments/",
        "/api/v1/reports/",
        "/api/v1/annotations/",
    ):
        assert f"  {path}:" in text
    assert "/admin/" not in text


def test_docs_render_from_local_static_files_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page loads Swagger UI"
    for asset in assets:
        if asset.startswith("/api/docs/"):
            continue  # the start-up script, served by the docs view itself
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"missing {asset}"
    assert not re.search(r"https?://", html)
    # No inline script (our CSP would block it): the start-up script is its own file.
    assert not re.search(r"<script>|<script [^>]*>[^<]", html)
    assert '<script src="/api/docs/?script="></script>' in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    init = script.content.decode()
    assert '"validatorUrl": null' in init
    assert 'url: "/api/schema/"' in init


@pytest.fixture
def api_content(article_index, general_licence_event, dysprosium, mofcom):
    """Content of every kind, so operations answer with real payloads."""
    report = ReportFactory()
    AnnotationFactory(report=report)
    InstrumentFactory(regulator=mofcom, materials=[dysprosium])
    make_article(
        article_index,
        highlights=[
            highlight("Cited.", **cite(event=general_licence_event, report=report))
        ],
        events=[general_licence_event],
        body=every_block_body(event=general_licence_event, report=report),
    )


@pytest.fixture
def keep_test_connection():
    """Stop Django closing the database connection after each WSGI request.

    schemathesis calls the real WSGI app; at the end of every request Django closes
    old connections, which on PostgreSQL would end the test's transaction. Django's
    own test client disconnects this handler in the same way while it runs.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_key(db):
    user = get_user_model().objects.create_user("checker", password="x", is_staff=True)
    return api_key(user=user)


# The live schema, fetched through the app itself (its view needs no database).
# schemathesis.pytest.from_fixture would load it lazily, but it relies on a pytest
# internal (Node._nodeid) that pytest 9.2 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_honours_the_schema(
    case, keep_test_connection, api_content, staff_key
):
    headers = {"X-Api-Key": staff_key} if case.path.startswith(STAFF_PATHS) else None
    case.call_and_validate(
        headers=headers,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            response_headers_conformance,
        ],
    )
