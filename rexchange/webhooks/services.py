"""Webhook subscriptions and deliveries: create, fan out, deliver, retry, resend.

Each change is delivered once per matching subscription as a JSON POST signed per
Standard Webhooks, through the ingestion's guarded HTTP client, so a subscription
can never make the server talk to a private or loopback address (except the exact
host:port pairs in INGEST_PRIVATE_ALLOWLIST). Failures are retried with exponential
backoff, doubling from one minute up to six hours between tries, for about 36 hours.

The database, not the broker, is the record of work to do. For a pending delivery,
`next_attempt_at` is when it was handed to the queue (empty if it never was); the
beat's backlog sweep creates deliveries whose fan-out never reached the broker and
queues again any left pending too long. Delivery is therefore at least once:
receivers dedupe on the webhook-id, which is the same for every send of a message.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from policy.reporting.ingest import FetchError, check_addresses, parse_allowlist
from policy.reporting.ingest.http import post
from policy.reporting.services.sources import ingest_fetch_options
from rexchange.api.changes import Change, ChangeType

from .models import WebhookDelivery, WebhookSubscription
from .signing import webhook_headers, webhook_secret_new

FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
MAX_ATTEMPTS = 15  # 1+2+…+256 minutes, then six-hourly: about 36 hours in all
# The sweep looks back this far for changes whose deliveries were never created...
BACKLOG_WINDOW = dt.timedelta(hours=24)
# ...leaving the newest alone, so the ordinary fan-out has had its chance.
BACKLOG_GRACE = dt.timedelta(minutes=1)
# A delivery queued this long ago and still pending lost its message; longer than a
# send can take (INGEST_TOTAL_TIMEOUT), so one in progress is rarely sent twice.
STALE_PENDING = dt.timedelta(minutes=5)

Enqueue = Callable[[int], None]


def webhook_retry_delay(*, attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def webhook_url_check(*, url: str) -> None:
    """Refuse a receiver URL the guarded client would refuse: not http(s), no host,
    or a host resolving to a private, loopback or otherwise non-public address."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Use an http or https address with a host."})
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [
            info[4][0]
            for info in socket.getaddrinfo(
                parts.hostname, port, type=socket.SOCK_STREAM
            )
        ]
        check_addresses(
            host=parts.hostname,
            port=port,
            addresses=addresses,
            allowlist=parse_allowlist(settings.INGEST_PRIVATE_ALLOWLIST),
        )
    except (OSError, FetchError) as exc:
        raise ValidationError({"url": f"This address is refused: {exc}"}) from exc


def _types(event_types: Iterable[str]) -> list[str]:
    chosen = [t for t in ChangeType.values if t in set(event_types)]
    if not chosen:
        raise ValidationError({"event_types": "Choose at least one type."})
    return chosen


@transaction.atomic
def webhook_subscription_create(
    *, name: str, url: str, event_types: Iterable[str]
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its signing secret (returned here, shown once)."""
    webhook_url_check(url=url)
    secret = webhook_secret_new()
    subscription = WebhookSubscription.objects.create(
        name=name, url=url, event_types=_types(event_types), secret=secret
    )
    return subscription, secret


def webhook_payload(*, change: Change) -> bytes:
    """The JSON body: Standard Webhooks' {type, timestamp, data} envelope."""
    from rexchange.api.change_feed import ChangeSerializer

    data = dict(ChangeSerializer(change).data)
    if data.get("url"):
        data["url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + data["url"]
    envelope = {
        "type": f"{change.object_type}.{change.kind}",
        "timestamp": data["time"],
        "data": data,
    }
    return json.dumps(envelope, separators=(",", ":")).encode()


def webhook_deliveries_create(
    *, change_ids: list[int], enqueue: Enqueue, now: dt.datetime | None = None
) -> list[int]:
    """One delivery per change and matching active subscription created at or before
    it, queued after commit; running it twice for the same changes, even at the same
    time, creates and queues nothing twice."""
    with transaction.atomic():
        changes = list(Change.objects.filter(pk__in=change_ids).order_by("pk"))
        subscriptions = list(WebhookSubscription.objects.filter(active=True))
        wanted = [
            WebhookDelivery(subscription=s, change=c)
            for c in changes
            for s in subscriptions
            if c.object_type in s.event_types and s.created_at <= c.occurred_at
        ]
        WebhookDelivery.objects.bulk_create(wanted, ignore_conflicts=True)
        never_queued = (
            WebhookDelivery.objects.filter(
                change_id__in=[c.pk for c in changes],
                status=WebhookDelivery.Status.PENDING,
                next_attempt_at__isnull=True,
            )
            .order_by("change_id", "pk")
            .values_list("pk", flat=True)
        )
        ids = _queue_claim(
            list(never_queued), since=None, now=now or timezone.now(), enqueue=enqueue
        )
    return ids


def _queue_claim(
    ids: list[int], *, since: dt.datetime | None, now: dt.datetime, enqueue: Enqueue
) -> list[int]:
    """Mark each pending delivery queued now, if nobody has since `since` (None: if
    nobody ever has), and queue those won after commit. A conditional update per row,
    so two callers at once never both queue one delivery."""
    claimed = []
    for delivery_id in ids:
        pending = WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.PENDING
        )
        if since is None:
            pending = pending.filter(next_attempt_at__isnull=True)
        else:
            pending = pending.filter(
                Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=since)
            )
        if pending.update(next_attempt_at=now):
            claimed.append(delivery_id)
            transaction.on_commit(lambda d=delivery_id: enqueue(d))
    return claimed


def webhook_backlog_sweep(
    *, now: dt.datetime, enqueue: Enqueue, limit: int = 500
) -> tuple[list[int], list[int]]:
    """Recover webhooks the broker lost (the beat runs this every minute).

    Creates and queues the missing deliveries of the last day's changes, those whose
    fan-out never reached the broker, and queues again deliveries left pending for
    STALE_PENDING, whose message was lost. Returns (created, queued again) ids.
    """
    by_type: dict[str, list[int]] = {}
    for pk, types in WebhookSubscription.objects.filter(active=True).values_list(
        "pk", "event_types"
    ):
        for object_type in types:
            by_type.setdefault(object_type, []).append(pk)
    missing = Q(pk__in=[])
    for object_type, subscription_ids in by_type.items():
        lacking = WebhookSubscription.objects.filter(
            pk__in=subscription_ids, created_at__lte=OuterRef("occurred_at")
        ).exclude(
            Exists(
                WebhookDelivery.objects.filter(
                    subscription=OuterRef("pk"), change=OuterRef(OuterRef("pk"))
                )
            )
        )
        missing |= Q(object_type=object_type) & Q(Exists(lacking))
    change_ids = list(
        Change.objects.filter(
            missing,
            occurred_at__gte=now - BACKLOG_WINDOW,
            occurred_at__lte=now - BACKLOG_GRACE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    created = (
        webhook_deliveries_create(change_ids=change_ids, enqueue=enqueue, now=now)
        if change_ids
        else []
    )
    stale_before = now - STALE_PENDING
    stale = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=stale_before))
        .exclude(pk__in=created)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    queued_again = []
    if stale:
        with transaction.atomic():
            queued_again = _queue_claim(
                stale, since=stale_before, now=now, enqueue=enqueue
            )
    return created, queued_again


def webhook_deliver(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """Send one delivery now; record the outcome and when to try again."""
    delivery = (
        WebhookDelivery.objects.select_related("subscription", "change")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status == WebhookDelivery.Status.DELIVERED:
        return "skipped"
    subscription = delivery.subscription
    now = now or timezone.now()
    body = webhook_payload(change=delivery.change)
    headers = webhook_headers(
        secret=subscription.secret,
        msg_id=delivery.message_id,
        timestamp=int(now.timestamp()),
        body=body,
    )
    status_code, error = None, ""
    try:
        status_code = post(
            subscription.url, body=body, headers=headers, options=ingest_fetch_options()
        )
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except FetchError as exc:
        error = str(exc)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status_code
    delivery.last_error = error[:300]
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = now + webhook_retry_delay(attempts=delivery.attempts)
    delivery.save()
    return delivery.status


def webhook_retries_claim(*, now: dt.datetime, limit: int = 500) -> list[int]:
    """Move due retries back to pending, marked queued now, and return their ids; a
    conditional update, so two schedulers never claim one delivery twice."""
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.RETRYING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    claimed = []
    for delivery_id in due:
        if WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.RETRYING
        ).update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now):
            claimed.append(delivery_id)
    return claimed


def webhook_send_again(*, delivery: WebhookDelivery, enqueue: Enqueue) -> None:
    """Queue a delivery again at once, whatever its state (the "send again" action);
    the receiver gets the same webhook-id, so it can tell a repeat."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: enqueue(delivery.pk))
