"""Webhooks in the Wagtail admin: the secret shown once, the guard on the URL, the
delivery log and its "send again" action."""

import re

import pytest
from django.urls import reverse

from rexchange.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.factories.api import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver_url(settings):
    settings.INGEST_PRIVATE_ALLOWLIST = "127.0.0.1:8139"
    return "http://127.0.0.1:8139/hook"


def test_staff_create_a_subscription_and_see_its_secret_once(
    admin_client, receiver_url
):
    response = admin_client.post(
        reverse("webhooks:add"),
        {"name": "Desk", "url": receiver_url, "event_types": ["article", "event"]},
    )
    assert response.status_code == 200, response.content[:500]
    secret = re.search(r'value="(whsec_[^"]+)"', response.content.decode()).group(1)
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret == secret
    assert subscription.event_types == ["article", "event"]
    for url in (
        reverse("webhooks:index"),
        reverse("webhooks:edit", args=[subscription.pk]),
    ):
        page = admin_client.get(url)
        assert page.status_code == 200
        assert secret not in page.content.decode()


def test_a_private_url_is_refused_in_the_form(admin_client, receiver_url):
    response = admin_client.post(
        reverse("webhooks:add"),
        {"name": "Sneaky", "url": "http://10.0.0.5/hook", "event_types": ["article"]},
    )
    assert "refused" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_delivery_log_sends_a_delivery_again(
    admin_client, receiver_url, article_index, django_capture_on_commit_callbacks
):
    from rexchange.webhooks.services import webhook_subscription_create

    subscription, _ = webhook_subscription_create(
        name="Desk", url=receiver_url, event_types=["article"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_article(article_index)  # nothing listens on 8139: the try fails
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.Status.RETRYING
    log = admin_client.get(reverse("webhook_deliveries:index"))
    assert "Send again" in log.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("webhook_deliveries:send_again", args=[delivery.pk])
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.attempts == 2
