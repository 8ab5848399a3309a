"""The dashboard warns publishers when scheduled publishing has not run recently."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from rexchange.newsroom.scheduler import (
    STALE_AFTER,
    scheduler_heartbeat_record,
    scheduler_is_stale,
)
from rexchange.newsroom.services import scheduled_publishing_run

pytestmark = pytest.mark.django_db
WARNING = "Scheduled publishing is not running"


@pytest.fixture(autouse=True)
def _no_heartbeat():
    cache.clear()
    yield
    cache.clear()


def test_a_run_records_a_heartbeat_that_goes_stale():
    assert scheduler_is_stale()
    scheduled_publishing_run()
    assert not scheduler_is_stale()
    later = timezone.now() + STALE_AFTER + dt.timedelta(seconds=1)
    assert scheduler_is_stale(now=later)


def test_the_dashboard_warns_until_a_scheduler_runs(admin_client):
    home = reverse("wagtailadmin_home")
    html = admin_client.get(home).content.decode()
    assert WARNING in html
    assert "run_scheduled_publishing" in html
    scheduler_heartbeat_record()
    assert WARNING not in admin_client.get(home).content.decode()
