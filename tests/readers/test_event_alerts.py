"""A newly published licence event reaches the subscribers who asked for alerts on
its materials, once each; republishing it sends nothing more."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from readers.models import Delivery, Subscriber
from rexchange.celery import app as celery_app
from tests.factories import MaterialFactory
from tests.factories.api import LicenceEventPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def inline_tasks(monkeypatch):
    """Run the queued alert task in this process, broker or not."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def _subscriber(email, *, alerts=True, materials=()):
    subscriber = Subscriber.objects.create(
        email=email, confirmed_at=timezone.now(), event_alerts=alerts
    )
    subscriber.materials.set(materials)
    return subscriber


def test_new_event_alerts_matching_subscribers_once(
    tracker, inline_tasks, django_capture_on_commit_callbacks
):
    dysprosium = MaterialFactory(name="Dysprosium", symbol="Dy", slug="dysprosium")
    gallium = MaterialFactory(name="Gallium", symbol="Ga", slug="gallium")
    _subscriber("dy@example.org", materials=[dysprosium])
    _subscriber("all@example.org")
    _subscriber("ga@example.org", materials=[gallium])
    _subscriber("weekly-only@example.org", alerts=False)
    event = LicenceEventPageFactory(
        parent=tracker, title="Dysprosium licences granted", materials=[dysprosium]
    )
    event.first_published_at = None
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "all@example.org",
        "dy@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "New licence event: Dysprosium licences granted"
    assert "List-Unsubscribe" in message.extra_headers
    assert event.url in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)  # an edit, not a new event
    assert mail.outbox == []
    assert Delivery.objects.filter(kind=Delivery.Kind.ALERT).count() == 2
