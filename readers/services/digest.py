"""Sending the weekly digest and licence event alerts, each once per subscriber.

Exactly once rests on the `Delivery` row: it is inserted (unique per subscriber,
kind and period) before the email goes out, so a retried task or a second beat finds
it and sends nothing. A send that failed leaves the row `failed`, and the next run
takes it over with a conditional update that only one worker can win. A worker
killed between claiming and sending leaves a `claimed` row: that email is not sent
twice, it is not sent at all (the row says so, for an editor to see).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from policy.models import LicenceEventPage
from policy.selectors.visibility import licence_event_visible

from ..models import Delivery, Subscriber
from ..selectors import (
    DigestContent,
    digest_content,
    subscriber_alert_queryset,
    subscriber_weekly_queryset,
)
from .mail import mail_send
from .subscriptions import (
    subscriber_bounce_record,
    subscriber_failure_record,
    unsubscribe_url,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestWeek:
    """An ISO week, Monday 00:00 to the next Monday 00:00 UTC."""

    label: str
    start: dt.datetime
    end: dt.datetime


def digest_week(
    *, week: str | None = None, now: dt.datetime | None = None
) -> DigestWeek:
    """The week `week` names ('2026-W48'), or the last complete week before `now`."""
    if week:
        year, number = week.upper().split("-W")
        monday = dt.date.fromisocalendar(int(year), int(number), 1)
    else:
        today = (now or timezone.now()).astimezone(dt.UTC).date()
        monday = today - dt.timedelta(days=today.weekday() + 7)
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=dt.UTC)
    iso = monday.isocalendar()
    return DigestWeek(
        label=f"{iso.year}-W{iso.week:02d}",
        start=start,
        end=start + dt.timedelta(days=7),
    )


def delivery_claim(
    *, subscriber: Subscriber, kind: str, period: str
) -> Delivery | None:
    """Claim the one delivery of `kind` for `period` to `subscriber`; None when it
    was sent, is being sent, or has failed too often."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                subscriber=subscriber,
                kind=kind,
                period=period,
                status=Delivery.Status.CLAIMED,
            )
    except IntegrityError:
        pass
    taken = Delivery.objects.filter(
        subscriber=subscriber,
        kind=kind,
        period=period,
        status=Delivery.Status.FAILED,
        attempts__lt=settings.DIGEST_MAX_ATTEMPTS,
    ).update(
        status=Delivery.Status.CLAIMED,
        attempts=F("attempts") + 1,
        claimed_at=timezone.now(),
    )
    if not taken:
        return None
    return Delivery.objects.get(subscriber=subscriber, kind=kind, period=period)


def _finish(delivery: Delivery, status: str, error: str = "") -> None:
    delivery.status = status
    delivery.error = error
    delivery.sent_at = timezone.now() if status == Delivery.Status.SENT else None
    delivery.save(update_fields=["status", "error", "sent_at"])


def delivery_send(
    *, delivery: Delivery, subject: str, template: str, context: dict
) -> str:
    """Send a claimed delivery with the unsubscribe link and headers; record a
    bounce or a failure against the subscriber when it does not go out."""
    subscriber = delivery.subscriber
    unsubscribe = unsubscribe_url(subscriber=subscriber)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        # RFC 8058: mail clients may unsubscribe with one POST, no page in between.
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    try:
        mail_send(
            to=subscriber.email,
            subject=subject,
            template=template,
            context={**context, "unsubscribe_url": unsubscribe},
            headers=headers,
        )
    except smtplib.SMTPRecipientsRefused as exc:
        subscriber_bounce_record(email=subscriber.email, detail=str(exc))
        _finish(delivery, Delivery.Status.FAILED, f"refused: {exc}")
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Digest email to subscriber %s failed: %s", subscriber.pk, exc)
        subscriber_failure_record(subscriber=subscriber, detail=str(exc))
        _finish(delivery, Delivery.Status.FAILED, str(exc)[:2000])
    else:
        _finish(delivery, Delivery.Status.SENT)
    return delivery.status


def digest_subscriber_send(
    *, subscriber: Subscriber, content: DigestContent, week: DigestWeek
) -> str | None:
    """Send one subscriber their part of the week's digest, once; returns the
    delivery's status, or None when another run has it."""
    delivery = delivery_claim(
        subscriber=subscriber, kind=Delivery.Kind.WEEKLY, period=week.label
    )
    if delivery is None:
        return None
    own = content.for_subscriber(
        topic_ids={t.pk for t in subscriber.topics.all()},
        material_ids={m.pk for m in subscriber.materials.all()},
    )
    if own.empty:
        _finish(delivery, Delivery.Status.EMPTY)
        return delivery.status
    return delivery_send(
        delivery=delivery,
        subject=f"This week in rare-earth policy ({week.label})",
        template="readers/email/digest",
        context={"digest": own, "week": week},
    )


def digest_weekly_send(*, week: str | None = None) -> dict[str, int]:
    """Send the weekly digest for `week` (default: last week) to every subscriber
    who takes it; counts by outcome."""
    period = digest_week(week=week)
    content = digest_content(start=period.start, end=period.end, label=period.label)
    counts: dict[str, int] = {}
    for subscriber in subscriber_weekly_queryset().iterator(chunk_size=200):
        status = digest_subscriber_send(
            subscriber=subscriber, content=content, week=period
        )
        key = status or "skipped"
        counts[key] = counts.get(key, 0) + 1
    return counts


def event_alert_send(*, event_id: int) -> dict[str, int]:
    """Email subscribers who asked for alerts about a newly published licence
    event on their materials, once per subscriber and event."""
    event = (
        licence_event_visible()
        .filter(pk=event_id)
        .select_related("regulator")
        .prefetch_related("materials")
        .first()
    )
    counts: dict[str, int] = {}
    if event is None:
        return counts
    material_ids = {m.pk for m in event.materials.all()}
    for subscriber in subscriber_alert_queryset(material_ids=material_ids):
        delivery = delivery_claim(
            subscriber=subscriber,
            kind=Delivery.Kind.ALERT,
            period=f"event-{event.pk}",
        )
        if delivery is None:
            counts["skipped"] = counts.get("skipped", 0) + 1
            continue
        status = delivery_send(
            delivery=delivery,
            subject=f"New licence event: {event.title}",
            template="readers/email/alert",
            context={"event": event, "url": event.get_full_url()},
        )
        counts[status] = counts.get(status, 0) + 1
    return counts


def event_is_new(*, event: LicenceEventPage) -> bool:
    """Whether this publish is the event's first: only those trigger alerts."""
    return (
        event.first_published_at is not None
        and event.last_published_at is not None
        and abs((event.last_published_at - event.first_published_at).total_seconds())
        < 1
    )
