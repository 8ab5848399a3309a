"""Fixtures for the API tests: a site with an analysis index and a policy tracker."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories import TopicFactory
from tests.factories.api import (
    LicenceEventPageFactory,
    MaterialFactory,
    PolicyTrackerPageFactory,
    RegulatorFactory,
    cite,
    fact,
    publish,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and Last-Modified records must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tracker(home_page):
    """The policy tracker under the home page."""
    return PolicyTrackerPageFactory(parent=home_page)


@pytest.fixture
def mofcom(db):
    return RegulatorFactory(
        name="Ministry of Commerce", short_name="MOFCOM", slug="mofcom"
    )


@pytest.fixture
def dysprosium(db):
    return MaterialFactory(name="Dysprosium", symbol="Dy", slug="dysprosium")


@pytest.fixture
def general_licence_event(tracker, mofcom, dysprosium):
    """The reference event: MOFCOM's general licences, with its undisclosed facts."""
    event = LicenceEventPageFactory(
        parent=tracker,
        title="MOFCOM grants general licences to some rare-earth exporters",
        slug="mofcom-general-licences",
        regulator=mofcom,
        materials=[dysprosium],
        announced_on=dt.date(2025, 12, 4),
        facts=[
            fact(
                "procedure",
                "changed",
                "Qualifying exporters can hold a general licence.",
                cite("MOFCOM statement", "https://www.mofcom.gov.cn/"),
            ),
            fact("scope", "unchanged", "The export-control regime stays in force."),
            fact("exporters", "undisclosed", "The approved firms are not named."),
            fact("destinations", "undisclosed", "Destinations are not stated."),
        ],
    )
    return publish(event)


@pytest.fixture
def topic(db):
    return TopicFactory(name="Export controls", slug="export-controls")


@pytest.fixture
def keep_test_connection():
    """Stop Django closing the database connection after each WSGI request.

    Tests that call the real WSGI app (schemathesis, the generated client) would
    otherwise end the test's transaction on PostgreSQL at the end of every request.
    Django's own test client disconnects this handler in the same way while it runs.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
