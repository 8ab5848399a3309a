"""Webhooks: each change reaches a local receiver as a POST that the reference
`standardwebhooks` library verifies, failures are retried, and the guard holds."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from rexchange.webhooks.models import WebhookDelivery
from rexchange.webhooks.services import (
    MAX_ATTEMPTS,
    webhook_deliver,
    webhook_retries_claim,
    webhook_retry_delay,
    webhook_send_again,
    webhook_subscription_create,
)
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


def verified(subscription_secret, received):
    """Every received webhook verified by the standardwebhooks package."""
    hook = Webhook(subscription_secret)
    return [hook.verify(body, headers) for body, headers in received]


def test_every_change_is_delivered_signed_per_standard_webhooks(
    receiver, article_index, django_capture_on_commit_callbacks
):
    subscription, secret = webhook_subscription_create(
        name="Receiver", url=receiver.url, event_types=["article", "highlight"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(article_index, texts=("One.", "Two."))
    payloads = verified(secret, receiver.received)
    assert sorted(p["type"] for p in payloads) == [
        "article.publish",
        "highlight.publish",
        "highlight.publish",
    ]
    article_payload = next(p for p in payloads if p["type"] == "article.publish")
    assert article_payload["data"]["id"] == str(article.pk)
    assert article_payload["data"]["url"].endswith(f"/api/v1/articles/{article.pk}/")
    log = subscription.deliveries.all()
    assert {d.status for d in log} == {WebhookDelivery.Status.DELIVERED}
    assert {d.last_status_code for d in log} == {204}

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    removals = verified(secret, receiver.received[3:])
    assert sorted(p["type"] for p in removals) == [
        "article.unpublish",
        "highlight.unpublish",
        "highlight.unpublish",
    ]
    assert all(p["data"]["tombstone"] for p in removals)


def test_a_tampered_or_wrongly_keyed_webhook_fails_verification(
    receiver, article_index, django_capture_on_commit_callbacks
):
    _, secret = webhook_subscription_create(
        name="Receiver", url=receiver.url, event_types=["article"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_article(article_index)
    body, headers = receiver.received[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"publish", b"delete"), headers)
    other, _ = webhook_subscription_create(
        name="Other", url=receiver.url, event_types=["article"]
    )
    with pytest.raises(WebhookVerificationError):
        Webhook(other.secret).verify(body, headers)


def test_only_the_chosen_types_are_sent(
    receiver, article_index, django_capture_on_commit_callbacks
):
    _, secret = webhook_subscription_create(
        name="Articles only", url=receiver.url, event_types=["article"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_article(article_index, texts=("One.", "Two."))
    assert [p["type"] for p in verified(secret, receiver.received)] == [
        "article.publish"
    ]


def test_a_failed_delivery_is_retried_with_backoff_and_can_be_sent_again(
    receiver, article_index, django_capture_on_commit_callbacks
):
    receiver.status = 500
    subscription, secret = webhook_subscription_create(
        name="Flaky", url=receiver.url, event_types=["article"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_article(article_index)
    delivery = subscription.deliveries.get()
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert delivery.last_error == "HTTP 500"
    first_retry = delivery.next_attempt_at - delivery.last_attempt_at
    assert first_retry == dt.timedelta(minutes=1)
    assert webhook_retries_claim(now=timezone.now()) == []  # not due yet

    receiver.status = 200
    later = delivery.next_attempt_at + dt.timedelta(seconds=1)
    assert webhook_retries_claim(now=later) == [delivery.pk]
    assert webhook_retries_claim(now=later) == []  # claimed once
    assert webhook_deliver(delivery_id=delivery.pk, now=later) == "delivered"

    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        webhook_send_again(delivery=delivery, enqueue=sent.append)
    assert sent == [delivery.pk]
    webhook_deliver(delivery_id=delivery.pk)
    ids = {headers["Webhook-Id"] for _, headers in receiver.received}
    # The failed try, the retry, the resend: one message, one webhook-id.
    assert len(receiver.received) == 3 and len(ids) == 1
    assert len(verified(secret, receiver.received)) == 3


def test_retries_back_off_exponentially_for_more_than_a_day():
    waits = [webhook_retry_delay(attempts=n) for n in range(1, MAX_ATTEMPTS)]
    assert waits[:3] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert all(b >= a for a, b in zip(waits, waits[1:], strict=False))
    assert sum(waits, dt.timedelta()) > dt.timedelta(days=1)


def test_a_delivery_that_keeps_failing_is_given_up(receiver, article_index, settings):
    receiver.status = 503
    subscription, _ = webhook_subscription_create(
        name="Down", url=receiver.url, event_types=["article"]
    )
    article = make_article(article_index)
    from rexchange.api.changes import Change

    change = Change.objects.filter(object_type="article", object_id=str(article.pk))
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, change=change.get(), attempts=MAX_ATTEMPTS - 1
    )
    assert webhook_deliver(delivery_id=delivery.pk) == "failed"


def test_private_addresses_are_refused_at_creation_and_at_delivery(
    receiver, article_index, httpserver, settings, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        webhook_subscription_create(
            name="Metadata",
            url="http://169.254.169.254/latest",
            event_types=["article"],
        )
    with pytest.raises(ValidationError):
        webhook_subscription_create(
            name="Loopback", url="http://127.0.0.1:6379/", event_types=["article"]
        )
    subscription, _ = webhook_subscription_create(
        name="Receiver", url=receiver.url, event_types=["article"]
    )
    settings.INGEST_PRIVATE_ALLOWLIST = ""  # the allowlist entry is withdrawn
    with django_capture_on_commit_callbacks(execute=True):
        make_article(article_index)
    delivery = subscription.deliveries.get()
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert "refused" in delivery.last_error
    assert receiver.received == []


def test_the_payload_is_the_feed_item_in_an_envelope(
    receiver, article_index, django_capture_on_commit_callbacks
):
    _, secret = webhook_subscription_create(
        name="Receiver", url=receiver.url, event_types=["article"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_article(article_index)
    body, headers = receiver.received[0]
    envelope = json.loads(body)
    assert set(envelope) == {"type", "timestamp", "data"}
    assert set(envelope["data"]) == {
        "sequence",
        "id",
        "type",
        "kind",
        "time",
        "url",
        "tombstone",
    }
    assert headers["Content-Type"] == "application/json"
