"""Fixtures for the API tests: a site with an analysis index and a policy tracker."""

import datetime as dt

import pytest
from django.core.cache import cache

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
