"""The email digest: double opt-in with expiring links, one email per subscriber and
week however often the task runs, one-click unsubscribe, bounces that stop sending."""

from __future__ import annotations

import re
import smtplib
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from readers.models import Delivery, DeliveryProblem, Subscriber
from readers.services.digest import digest_week, digest_weekly_send
from readers.services.subscriptions import subscription_confirm_url
from readers.tasks import digest_weekly_send as digest_task
from tests.factories import MaterialFactory, TopicFactory
from tests.factories.api import LicenceEventPageFactory, fact, make_article, publish

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()
    yield
    cache.clear()


def _this_week() -> str:
    return digest_week(week=None, now=timezone.now() + timezone.timedelta(days=7)).label


def _subscriber(email: str, **kwargs) -> Subscriber:
    return Subscriber.objects.create(email=email, confirmed_at=timezone.now(), **kwargs)


@pytest.fixture
def week_content(article_index, tracker):
    """A week with one article's highlights and one newly published event."""
    dysprosium = MaterialFactory(name="Dysprosium", symbol="Dy", slug="dysprosium")
    make_article(
        article_index,
        title="General licences, read closely",
        texts=("MOFCOM approved some general licences.",),
    )
    event = LicenceEventPageFactory(
        parent=tracker,
        title="General licences granted",
        materials=[dysprosium],
        facts=[fact("exporters", "undisclosed"), fact("procedure", "changed")],
    )
    publish(event)
    return {"dysprosium": dysprosium, "event": event}


def _unsubscribe_link(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    return header.strip("<>")


def test_digest_task_run_twice_sends_each_subscriber_exactly_one_email(
    client, week_content
):
    mei = _subscriber("mei@example.org")
    ravi = _subscriber("ravi@example.org")
    _subscriber("gone@example.org", unsubscribed_at=timezone.now())
    _subscriber("bouncing@example.org", suppressed_at=timezone.now())
    week = _this_week()

    digest_task.apply(args=[week]).get()
    digest_task.apply(args=[week]).get()

    assert sorted(m.to[0] for m in mail.outbox) == [mei.email, ravi.email]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2
    message = next(m for m in mail.outbox if m.to == [mei.email])
    assert "MOFCOM approved some general licences." in message.body
    assert "General licences granted" in message.body
    assert "Exporters" in message.body  # what moved: newly recorded dimensions
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "General licences, read closely</a>" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    link = _unsubscribe_link(message)
    assert link in message.body and link in html
    path = urlsplit(link).path
    assert "Unsubscribe" in client.get(path).content.decode()
    assert client.post(path).status_code == 200  # the mail client's one click
    mei.refresh_from_db()
    assert mei.unsubscribed_at is not None

    mail.outbox.clear()
    Delivery.objects.all().delete()
    digest_task.apply(args=[week]).get()
    assert [m.to for m in mail.outbox] == [[ravi.email]]


def test_subscribers_get_only_the_materials_and_topics_they_chose(week_content):
    other = MaterialFactory(name="Gallium", symbol="Ga", slug="gallium")
    picky = _subscriber("picky@example.org")
    picky.materials.set([other])
    picky.topics.set([TopicFactory()])
    _subscriber("everything@example.org")
    digest_weekly_send(week=_this_week())
    assert [m.to for m in mail.outbox] == [["everything@example.org"]]
    assert Delivery.objects.get(subscriber=picky).status == Delivery.Status.EMPTY


def test_subscribing_sends_a_confirmation_and_following_it_subscribes(
    client, week_content
):
    response = client.post(
        "/digest/",
        {
            "email": "New@Example.org",
            "materials": [week_content["dysprosium"].pk],
            "weekly_digest": "on",
            "event_alerts": "on",
        },
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()  # nothing stored before confirming
    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    link = LINK.search(message.body).group(0)
    path = urlsplit(link).path
    assert "Confirm my subscription" in client.get(path).content.decode()
    assert not Subscriber.objects.exists()  # a link scanner's GET changes nothing
    assert client.post(path).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "new@example.org"
    assert subscriber.event_alerts and subscriber.weekly_digest
    assert list(subscriber.materials.all()) == [week_content["dysprosium"]]


def test_confirmation_link_past_its_expiry_is_refused_with_a_clear_page(
    client, settings
):
    settings.SUBSCRIBE_CONFIRM_MAX_AGE = 3600
    signed_at = time.time() - 3601
    with mock.patch.object(signing.time, "time", return_value=signed_at):
        link = subscription_confirm_url(
            email="late@example.org",
            topic_ids=[],
            material_ids=[],
            weekly_digest=True,
            event_alerts=False,
        )
    path = urlsplit(link).path
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        text = response.content.decode()
        assert "This confirmation link has expired" in text
        assert 'href="/digest/"' in text
    assert not Subscriber.objects.exists()


def test_altered_confirmation_link_is_refused(client):
    link = subscription_confirm_url(
        email="a@example.org",
        topic_ids=[],
        material_ids=[],
        weekly_digest=True,
        event_alerts=False,
    )
    path = urlsplit(link).path.replace("a@example", "b@example")
    response = client.post(path[:-3] + "xx/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not Subscriber.objects.exists()


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses every recipient."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {m.to[0]: (550, b"no such user") for m in messages}
        )


def test_repeated_bounces_stop_sending(week_content, settings):
    settings.EMAIL_BACKEND = "tests.readers.test_digest.RefusingBackend"
    settings.DIGEST_BOUNCE_LIMIT = 2
    subscriber = _subscriber("nobody@example.org")
    digest_weekly_send(week="2026-W01")  # nothing that week: no email, no bounce
    assert subscriber.problems.count() == 0
    week = _this_week()
    digest_weekly_send(week=week)
    delivery = Delivery.objects.get(period=week)
    assert delivery.status == Delivery.Status.FAILED
    digest_weekly_send(week=week)  # the retry takes the failed delivery over
    subscriber.refresh_from_db()
    assert subscriber.bounce_count == 2
    assert subscriber.suppressed_at is not None
    assert (
        DeliveryProblem.objects.filter(
            subscriber=subscriber, kind=DeliveryProblem.Kind.BOUNCE
        ).count()
        == 2
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.all().delete()
    digest_weekly_send(week=week)
    assert mail.outbox == []


def test_a_failed_send_is_retried_once_mail_works_again(week_content, settings):
    subscriber = _subscriber("flaky@example.org")
    week = _this_week()
    with mock.patch(
        "readers.services.digest.mail_send", side_effect=OSError("connection reset")
    ):
        digest_weekly_send(week=week)
    assert Delivery.objects.get().status == Delivery.Status.FAILED
    assert subscriber.problems.get().kind == DeliveryProblem.Kind.FAILURE
    digest_weekly_send(week=week)
    assert [m.to for m in mail.outbox] == [[subscriber.email]]
    assert Delivery.objects.get().attempts == 2


def test_confirmation_emails_are_limited_per_address(client, settings):
    settings.SUBSCRIBE_RATE_PER_ADDRESS = 2
    data = {"email": "target@example.org", "weekly_digest": "on"}
    assert client.post("/digest/", data).status_code == 200
    assert client.post("/digest/", data).status_code == 200
    refused = client.post("/digest/", data)
    assert refused.status_code == 429
    assert "several confirmation emails" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_subscribe_honeypot_sends_nothing_and_looks_the_same(client):
    response = client.post(
        "/digest/",
        {"email": "bot@example.org", "weekly_digest": "on", "website": "x"},
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert mail.outbox == []


def test_subscribe_page_is_never_cached(client):
    response = client.get("/digest/")
    assert "no-store" in response["Cache-Control"]
    assert 'name="website"' in response.content.decode()


def test_digest_tells_of_open_questions_answered_that_week(tracker, week_content):
    from policy.models import OpenQuestion

    event = week_content["event"]
    later = publish(
        LicenceEventPageFactory(
            parent=tracker,
            title="Licence durations published",
            materials=[week_content["dysprosium"]],
        )
    )
    today = timezone.now().date()
    common = {"first_undisclosed_on": event.announced_on}
    OpenQuestion.objects.update_or_create(
        event=event,
        dimension="volumes",
        defaults={
            **common,
            "wording": "How much may each exporter ship?",
            "answered_on": today,
            "answer": "Customs data show shipments to Japan and Korea only.",
        },
    )
    OpenQuestion.objects.update_or_create(
        event=event,
        dimension="duration",
        defaults={
            **common,
            "wording": "How long do the licences last?",
            "status": OpenQuestion.Status.ANSWERED,
            "closed_on": today,
            "closed_by_event": later,
            "closed_state": "changed",
        },
    )
    OpenQuestion.objects.update_or_create(
        event=event,
        dimension="destinations",
        defaults={**common, "wording": "Which countries may receive shipments?"},
    )
    _subscriber("questions@example.org")
    digest_weekly_send(week=_this_week())
    (message,) = mail.outbox
    assert "OPEN QUESTIONS ANSWERED" in message.body
    assert "Customs data show shipments to Japan and Korea only." in message.body
    assert "How long do the licences last?" in message.body
    assert "Licence durations published: now changed." in message.body
    assert "Which countries may receive shipments?" not in message.body
    assert "Open questions answered" in message.alternatives[0][0]
