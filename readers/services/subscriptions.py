"""Writes for digest subscriptions: double opt-in, unsubscribing, bounces.

Nothing is stored until the reader confirms: the choices travel inside the signed,
expiring confirmation link, so a stranger who types someone's address changes
nothing and learns nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ..limits import limit_reached
from ..models import DeliveryProblem, Subscriber
from .mail import mail_send, site_url

CONFIRM_SALT = "readers.subscription.confirm"
UNSUBSCRIBE_SALT = "readers.subscription.unsubscribe"


class SubscriptionRefused(ValidationError):
    """A subscription request that is refused for now, with a message."""


def subscription_confirm_url(
    *,
    email: str,
    topic_ids: list[int],
    material_ids: list[int],
    weekly_digest: bool,
    event_alerts: bool,
) -> str:
    """The signed link that creates (or updates) the subscription when followed."""
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {
            "e": email,
            "t": sorted(topic_ids),
            "m": sorted(material_ids),
            "w": weekly_digest,
            "a": event_alerts,
        }
    )
    return site_url(reverse("readers:digest_confirm", args=[token]))


def subscription_request(
    *,
    email: str,
    topic_ids: list[int],
    material_ids: list[int],
    weekly_digest: bool,
    event_alerts: bool,
    ip_address: str | None,
) -> None:
    """Email a confirmation link to `email`; nothing is subscribed until it is
    followed. Limited per address and per IP so nobody is flooded with requests."""
    email = email.strip().lower()
    window = settings.SUBSCRIBE_RATE_WINDOW
    if limit_reached(
        scope="subscribe-address",
        value=email,
        limit=settings.SUBSCRIBE_RATE_PER_ADDRESS,
        window=window,
    ) or (
        ip_address
        and limit_reached(
            scope="subscribe-ip",
            value=ip_address,
            limit=settings.SUBSCRIBE_RATE_PER_IP,
            window=window,
        )
    ):
        raise SubscriptionRefused(
            "We have sent several confirmation emails already. Check your inbox, "
            "or try again in an hour."
        )
    url = subscription_confirm_url(
        email=email,
        topic_ids=topic_ids,
        material_ids=material_ids,
        weekly_digest=weekly_digest,
        event_alerts=event_alerts,
    )
    hours = settings.SUBSCRIBE_CONFIRM_MAX_AGE // 3600
    mail_send(
        to=email,
        subject="Confirm your subscription",
        template="readers/email/confirm",
        context={"confirm_url": url, "hours": hours},
    )


def confirmation_token_state(*, token: str) -> str:
    """'valid', 'expired' (signed by us, but too old) or 'invalid' (altered)."""
    try:
        signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            token, max_age=settings.SUBSCRIBE_CONFIRM_MAX_AGE
        )
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    return "valid"


def subscription_confirm(*, token: str) -> Subscriber:
    """Create or update the subscription a confirmation link describes.

    Raises `signing.SignatureExpired` for a link past its age and
    `signing.BadSignature` for one that was altered.
    """
    data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
        token, max_age=settings.SUBSCRIBE_CONFIRM_MAX_AGE
    )
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.update_or_create(
            email=data["e"],
            defaults={
                "weekly_digest": bool(data["w"]),
                "event_alerts": bool(data["a"]),
                "unsubscribed_at": None,
            },
            create_defaults={
                "weekly_digest": bool(data["w"]),
                "event_alerts": bool(data["a"]),
                "confirmed_at": now,
            },
        )
        subscriber.topics.set(_existing("articles", "Topic", data["t"]))
        subscriber.materials.set(_existing("policy", "Material", data["m"]))
    return subscriber


def _existing(app_label: str, model_name: str, ids: list[int]) -> list[int]:
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    return list(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


def unsubscribe_url(*, subscriber: Subscriber) -> str:
    """The one-click unsubscribe link for every email to this subscriber. It does
    not expire: an old email must still let its reader leave."""
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))
    return site_url(reverse("readers:digest_unsubscribe", args=[token]))


def subscriber_from_unsubscribe_token(*, token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link names, or None for a bad link."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop every email to this subscriber; following the link again is harmless."""
    Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return subscriber


def subscriber_bounce_record(*, email: str, detail: str = "") -> Subscriber | None:
    """Record a bounce for an address; after `DIGEST_BOUNCE_LIMIT` bounces nothing
    more is sent to it."""
    subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
    if subscriber is None:
        return None
    with transaction.atomic():
        DeliveryProblem.objects.create(
            subscriber=subscriber, kind=DeliveryProblem.Kind.BOUNCE, detail=detail
        )
        Subscriber.objects.filter(pk=subscriber.pk).update(
            bounce_count=F("bounce_count") + 1
        )
        Subscriber.objects.filter(
            pk=subscriber.pk,
            bounce_count__gte=settings.DIGEST_BOUNCE_LIMIT,
            suppressed_at__isnull=True,
        ).update(suppressed_at=timezone.now())
    subscriber.refresh_from_db()
    return subscriber


def subscriber_failure_record(*, subscriber: Subscriber, detail: str) -> None:
    """Record that sending to this subscriber failed (the delivery is retried)."""
    DeliveryProblem.objects.create(
        subscriber=subscriber, kind=DeliveryProblem.Kind.FAILURE, detail=detail[:2000]
    )
