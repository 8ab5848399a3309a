"""Webhooks survive a broker outage: the database records the work, and the beat's
backlog sweep creates and queues what the broker never received."""

import datetime as dt

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from rexchange.api.changes import Change
from rexchange.webhooks.models import WebhookDelivery, WebhookSubscription
from rexchange.webhooks.services import (
    webhook_backlog_sweep,
    webhook_deliver,
    webhook_deliveries_create,
    webhook_subscription_create,
)
from rexchange.webhooks.tasks import deliver_webhook, retry_due_webhooks
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


def publish_while_broker_is_down(article_index, broker_down, capture):
    """Publish an article with its after-commit hooks run against a dead broker."""
    with broker_down(), capture(execute=True):
        article = make_article(article_index)
    return article, Change.objects.get(object_type="article", object_id=article.pk)


def sweep(now):
    """Run the sweep, collecting what it queues instead of sending it."""
    queued = []
    created, queued_again = webhook_backlog_sweep(now=now, enqueue=queued.append)
    return created, queued_again, queued


def test_a_publish_while_the_broker_is_down_succeeds_and_the_sweep_catches_up(
    receiver, article_index, broker_down, django_capture_on_commit_callbacks
):
    first, _ = webhook_subscription_create(
        name="First", url=receiver.url, event_types=["article"]
    )
    second, _ = webhook_subscription_create(
        name="Second", url=receiver.url, event_types=["article", "event"]
    )
    webhook_subscription_create(
        name="Events only", url=receiver.url, event_types=["event"]
    )

    article, change = publish_while_broker_is_down(
        article_index, broker_down, django_capture_on_commit_callbacks
    )

    article.refresh_from_db()
    assert article.live
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []

    later = change.occurred_at + dt.timedelta(minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        created, queued_again, queued = sweep(later)
    deliveries = WebhookDelivery.objects.filter(change=change)
    assert {d.subscription_id for d in deliveries} == {first.pk, second.pk}
    assert sorted(created) == sorted(queued) == sorted(d.pk for d in deliveries)
    assert queued_again == []

    with django_capture_on_commit_callbacks(execute=True):
        again = sweep(later)
        a_minute_on = sweep(later + dt.timedelta(minutes=1))
    assert again == a_minute_on == ([], [], [])
    assert deliveries.count() == 2

    for delivery_id in queued:
        assert webhook_deliver(delivery_id=delivery_id) == "delivered"
    assert len(receiver.received) == 2


def test_the_sweep_leaves_the_newest_changes_to_the_ordinary_fan_out(
    receiver, article_index, broker_down, django_capture_on_commit_callbacks
):
    webhook_subscription_create(name="R", url=receiver.url, event_types=["article"])
    _, change = publish_while_broker_is_down(
        article_index, broker_down, django_capture_on_commit_callbacks
    )
    assert sweep(change.occurred_at + dt.timedelta(seconds=30)) == ([], [], [])
    assert sweep(change.occurred_at + dt.timedelta(days=2)) == ([], [], [])
    assert not WebhookDelivery.objects.exists()


def test_a_subscription_created_after_a_change_does_not_receive_it(
    receiver, article_index, broker_down, django_capture_on_commit_callbacks
):
    early, _ = webhook_subscription_create(
        name="Early", url=receiver.url, event_types=["article"]
    )
    _, change = publish_while_broker_is_down(
        article_index, broker_down, django_capture_on_commit_callbacks
    )
    late, _ = webhook_subscription_create(
        name="Late", url=receiver.url, event_types=["article"]
    )
    assert late.created_at > change.occurred_at

    with django_capture_on_commit_callbacks(execute=True):
        sweep(change.occurred_at + dt.timedelta(minutes=2))
        # The ordinary fan-out, run late, holds to the same rule.
        webhook_deliveries_create(change_ids=[change.pk], enqueue=lambda _: None)
    assert [d.subscription for d in WebhookDelivery.objects.all()] == [early]


def test_a_pending_delivery_whose_message_was_lost_is_queued_again_once(
    receiver, article_index, broker_down, django_capture_on_commit_callbacks
):
    subscription, _ = webhook_subscription_create(
        name="R", url=receiver.url, event_types=["article"]
    )
    _, change = publish_while_broker_is_down(
        article_index, broker_down, django_capture_on_commit_callbacks
    )
    # The fan-out task ran on a worker, but the broker went away before it could
    # queue the delivery it created.
    with broker_down(), pytest.raises(OperationalError):
        with django_capture_on_commit_callbacks(execute=True):
            webhook_deliveries_create(
                change_ids=[change.pk], enqueue=deliver_webhook.delay
            )
    delivery = subscription.deliveries.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.PENDING, 0)
    queued_at = delivery.next_attempt_at

    stale = queued_at + dt.timedelta(minutes=6)
    with django_capture_on_commit_callbacks(execute=True):
        too_soon = sweep(queued_at + dt.timedelta(minutes=2))
        first = sweep(stale)
        # A second beat at the same moment finds it already queued.
        second = sweep(stale)
    assert too_soon == ([], [], [])
    assert first == ([], [delivery.pk], [delivery.pk])
    assert second == ([], [], [])
    assert subscription.deliveries.count() == 1

    assert webhook_deliver(delivery_id=delivery.pk) == "delivered"
    assert sweep(stale + dt.timedelta(hours=1)) == ([], [], [])
    assert len(receiver.received) == 1


def test_the_beat_task_sends_what_the_broker_lost_once_it_is_back(
    receiver, article_index, broker_down, django_capture_on_commit_callbacks
):
    subscription, _ = webhook_subscription_create(
        name="R", url=receiver.url, event_types=["article"]
    )
    _, change = publish_while_broker_is_down(
        article_index, broker_down, django_capture_on_commit_callbacks
    )
    # As if the outage was three minutes ago.
    three_minutes = dt.timedelta(minutes=3)
    Change.objects.filter(pk=change.pk).update(
        occurred_at=timezone.now() - three_minutes
    )
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        created_at=timezone.now() - 2 * three_minutes
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_due_webhooks() == 1
    assert subscription.deliveries.get().status == WebhookDelivery.Status.DELIVERED
    assert len(receiver.received) == 1


def test_the_sweep_finds_its_work_in_three_queries_however_many_subscriptions(
    receiver, django_assert_num_queries
):
    for n, types in enumerate((["article"], ["article", "event"], ["highlight"])):
        webhook_subscription_create(name=f"R{n}", url=receiver.url, event_types=types)
    # Active subscriptions, changes lacking a delivery, pending deliveries.
    with django_assert_num_queries(3):
        assert sweep(timezone.now()) == ([], [], [])
