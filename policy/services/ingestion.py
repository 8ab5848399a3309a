"""Source ingestion, the Django half: fetch a source, store its reports, triage them.

The pure half (`policy.ingest`) fetches and parses; everything here decides what the
database sees. A fetch never deletes or rewrites reports it did not read again, and
a failing source records a one-line reason and waits longer before its next try.
"""

from __future__ import annotations

import hashlib
import logging
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backends_with_name

from ..ingest import (
    FeedEntry,
    FetchOptions,
    HTTPStatusError,
    IngestError,
    clean_text,
    dedupe_key,
    fetch_and_parse,
    parse_allowlist,
)
from ..models import (
    Annotation,
    LicenceEventPage,
    PolicyTrackerPage,
    Regulator,
    Report,
    Source,
)
from ..vocabulary import Dimension, FactState

logger = logging.getLogger(__name__)

Status = Literal["ok", "not_modified", "error"]

# Statuses whose Retry-After header a source must honour.
RETRY_AFTER_STATUSES = frozenset({429, 503})
# A server may ask us to wait; it may not park a source for a year.
RETRY_AFTER_MAX = timedelta(days=7)
JITTER = 0.1
MAX_DEADLINE = 30.0
# Report fields an updated item rewrites. Status, first sighting and annotations stay.
REPORT_UPDATE_FIELDS = [
    "guid",
    "canonical_url",
    "title",
    "author",
    "published_at",
    "summary",
    "text",
    "html",
    "language",
    "content_hash",
    "encoding_suspect",
    "last_changed_at",
]
# Existing keys are looked up in chunks: SQLite allows 999 parameters per statement.
LOOKUP_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class UpsertCounts:
    """How one batch of entries landed: new reports, changed ones, and the rest."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOutcome:
    """What one fetch of a source did, as the command, task and admin report it."""

    source_id: int
    url: str
    status: Status
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = ()
    next_poll_at: datetime | None = None

    @property
    def ok(self) -> bool:
        """True when the fetch succeeded (new content or nothing new)."""
        return self.status != "error"

    def as_dict(self) -> dict[str, object]:
        """The JSON shape `manage.py ingest --json` prints, one object per source."""
        return {
            "source_id": self.source_id,
            "url": self.url,
            "status": self.status,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error": self.error,
        }


def ingest_fetch_options() -> FetchOptions:
    """The fetch limits and private allowlist configured in settings."""
    return FetchOptions(
        private_allowlist=parse_allowlist(settings.INGEST_PRIVATE_ALLOWLIST),
        connect_timeout=settings.INGEST_CONNECT_TIMEOUT,
        read_timeout=settings.INGEST_READ_TIMEOUT,
        # A source gets 30 s at most, whatever the setting says.
        total_timeout=min(settings.INGEST_TOTAL_TIMEOUT, MAX_DEADLINE),
        max_bytes=settings.INGEST_MAX_BYTES,
    )


def source_get_or_create(
    *, url: str, name: str | None = None, kind: str = Source.Kind.AUTO
) -> tuple[Source, bool]:
    """The source polling this URL, created (named after its host) if it is new."""
    url = (url or "").strip()
    if kind not in Source.Kind.values:
        raise ValidationError(
            {"kind": f"Kind must be one of {', '.join(Source.Kind.values)}."}
        )
    max_length = Source._meta.get_field("url").max_length
    if len(url) > max_length:
        raise ValidationError({"url": f"The link is longer than {max_length} chars."})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": f"{url!r} is not an http or https link with a host name."}
        ) from None
    existing = Source.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    name = _fit(clean_text((name or "").strip()) or _default_name(url), Source, "name")
    source, created = Source.objects.get_or_create(
        url=url, defaults={"name": name, "kind": kind}
    )
    return source, created


def sources_claim_due(*, now: datetime, limit: int) -> list[int]:
    """Lease up to `limit` due sources for one poll interval; return the ids won."""
    # Each claim is one conditional UPDATE: of two workers (or two beat processes)
    # racing for a source, only the one whose UPDATE still sees it due wins it.
    candidates = list(
        Source.objects.filter(active=True, next_poll_at__lte=now)
        .order_by("next_poll_at", "pk")
        .values_list("pk", "poll_interval")[: max(limit, 0)]
    )
    claimed: list[int] = []
    for pk, interval in candidates:
        leased_until = now + max(interval, timedelta(minutes=1))
        won = Source.objects.filter(pk=pk, active=True, next_poll_at__lte=now).update(
            next_poll_at=leased_until
        )
        if won:
            claimed.append(pk)
    return claimed


def source_backoff(
    *,
    interval: timedelta,
    failures: int,
    retry_after: float | None = None,
    cap: timedelta | None = None,
    rng: random.Random | None = None,
) -> timedelta:
    """How long a source waits after `failures` failures in a row (with ±10% jitter)."""
    cap = cap if cap is not None else timedelta(seconds=settings.INGEST_MAX_BACKOFF)
    # The first failure waits one normal interval; each further one doubles it.
    exponent = min(max(failures - 1, 0), 32)
    base = min(interval * 2**exponent, cap)
    # Jitter spreads sources that failed together (one outage) over time.
    factor = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    delay = base * factor
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(timedelta(seconds=retry_after), RETRY_AFTER_MAX))
    return delay


def source_fetch(*, source: Source) -> FetchOutcome:
    """Fetch a source now, store what it holds, and record how it went."""
    try:
        result = fetch_and_parse(
            source.url,
            kind=source.kind,
            etag=source.etag or None,
            last_modified=source.last_modified or None,
            options=ingest_fetch_options(),
        )
    except IngestError as exc:
        retry_after = None
        if isinstance(exc, HTTPStatusError) and exc.status in RETRY_AFTER_STATUSES:
            retry_after = exc.retry_after
        return _record_failure(source=source, reason=str(exc), retry_after=retry_after)
    except Exception as exc:
        # A bug in parsing must show on the source, not vanish into a log.
        logger.exception("Unexpected error while fetching source %s", source.pk)
        return _record_failure(
            source=source,
            reason=f"internal error while reading the source ({type(exc).__name__})",
        )

    now = timezone.now()
    counts = UpsertCounts()
    with transaction.atomic():
        if not result.not_modified:
            counts = reports_upsert(source=source, entries=result.entries, now=now)
        fields = {
            "last_attempt_at": now,
            "last_success_at": now,
            "consecutive_failures": 0,
            "last_error": "",
            "next_poll_at": now + source.poll_interval,
            # A validator too long to store is dropped: a cut one would never match.
            "etag": _validator(result.etag, "etag"),
            "last_modified": _validator(result.last_modified, "last_modified"),
        }
        # A feed's title names the outlet; a page's title only names one article.
        named_after_host = source.name == _default_name(source.url)
        if result.title and result.format != "html" and named_after_host:
            fields["name"] = _fit(result.title, Source, "name")
        _update_source(source, **fields)
    for warning in result.warnings:
        logger.debug("Source %s: %s", source.pk, warning)
    return FetchOutcome(
        source_id=source.pk,
        url=source.url,
        status="not_modified" if result.not_modified else "ok",
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        warnings=result.warnings,
        next_poll_at=source.next_poll_at,
    )


def reports_upsert(
    *, source: Source, entries: Sequence[FeedEntry], now: datetime | None = None
) -> UpsertCounts:
    """Store one fetch's entries as reports in a few batched statements."""
    now = now or timezone.now()
    incoming: dict[str, Report] = {}
    for entry in entries:
        report = _report_from_entry(source=source, entry=entry, now=now)
        incoming[report.dedupe_key] = report
    if not incoming:
        return UpsertCounts()
    keys = list(incoming)
    stored: dict[str, str] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        stored.update(
            Report.objects.filter(
                source=source, dedupe_key__in=keys[start : start + LOOKUP_CHUNK]
            ).values_list("dedupe_key", "content_hash")
        )
    created = [r for key, r in incoming.items() if key not in stored]
    changed = [
        r
        for key, r in incoming.items()
        if key in stored and stored[key] != r.content_hash
    ]
    writes = created + changed
    # No savepoint: inside source_fetch this joins its one transaction per fetch.
    with transaction.atomic(savepoint=False):
        if writes:
            # One upsert for new and changed items alike. A row a concurrent fetch
            # inserted meanwhile is updated, not duplicated: the unique constraint
            # on (source, dedupe_key) is what makes ingestion idempotent.
            Report.objects.bulk_create(
                writes,
                update_conflicts=True,
                unique_fields=["source", "dedupe_key"],
                update_fields=REPORT_UPDATE_FIELDS,
            )
            _index_reports(writes)
    return UpsertCounts(
        created=len(created),
        updated=len(changed),
        unchanged=len(incoming) - len(writes),
    )


def report_set_status(*, reports: Iterable[Report], status: str) -> int:
    """Triage reports in bulk (relevant, irrelevant ...); return how many changed."""
    if status not in Report.Status.values:
        raise ValidationError(f"Unknown report status {status!r}.")
    pks = [report.pk for report in reports]
    return (
        Report.objects.filter(pk__in=pks).exclude(status=status).update(status=status)
    )


def annotation_create(
    *,
    report: Report,
    author,
    kind: str,
    quote: str = "",
    note: str = "",
    verdict: str = Annotation.Verdict.UNVERIFIED,
) -> Annotation:
    """Record an editor's annotation on a report and mark the report annotated."""
    annotation = Annotation(report=report, author=author)
    return _annotation_save(
        annotation=annotation, kind=kind, quote=quote, note=note, verdict=verdict
    )


def annotation_update(
    *,
    annotation: Annotation,
    kind: str,
    quote: str = "",
    note: str = "",
    verdict: str = Annotation.Verdict.UNVERIFIED,
) -> Annotation:
    """Change an annotation; the quote must still occur in the report."""
    return _annotation_save(
        annotation=annotation, kind=kind, quote=quote, note=note, verdict=verdict
    )


def licence_event_draft_from_report(
    *,
    report: Report,
    regulator: Regulator,
    user,
    tracker: PolicyTrackerPage | None = None,
) -> LicenceEventPage:
    """Start a draft licence event from a report: title, date and a citation to it."""
    tracker = tracker or PolicyTrackerPage.objects.first()
    if tracker is None:
        raise ValidationError(
            "There is no policy tracker page to hold events yet; create it first."
        )
    announced_on = (
        timezone.localtime(report.published_at).date()
        if report.published_at
        else timezone.localdate()
    )
    statement = _fit_length(f"Reported by {report.source.name}: {report.title}", 500)
    page = LicenceEventPage(
        title=_fit_length(report.title or "Untitled report", 255),
        live=False,
        owner=user,
        regulator=regulator,
        announced_on=announced_on,
        summary=report.summary or _fit_length(report.text, 600),
        confidence=LicenceEventPage.Confidence.REPORTED,
        # The analyst still has to say what kind of event this is and judge it;
        # drafts may leave those empty, publishing may not.
        event_type="",
        assessment="",
        assessment_reason="",
        facts=[
            {
                "type": "fact",
                "id": str(uuid.uuid4()),
                "value": {
                    "dimension": Dimension.OTHER,
                    # Undisclosed until the regulator's own words are checked.
                    "state": FactState.UNDISCLOSED,
                    "statement": statement,
                    "citations": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {
                                "label": "",
                                "url": "",
                                "event": None,
                                "report": report.pk,
                            },
                        }
                    ],
                },
            }
        ],
    )
    with transaction.atomic():
        tracker.add_child(instance=page)
        # Like the admin's own "save draft": required fields wait until publishing.
        page.save_revision(user=user, log_action=True, clean=False)
    return page


# --- helpers ---------------------------------------------------------------------


def _annotation_save(
    *, annotation: Annotation, kind: str, quote: str, note: str, verdict: str
) -> Annotation:
    annotation.kind = kind
    annotation.quote = clean_text((quote or "").strip())
    annotation.note = clean_text((note or "").strip())
    annotation.verdict = verdict
    annotation.full_clean(exclude=["author"] if annotation.author_id is None else [])
    report = annotation.report
    with transaction.atomic():
        annotation.save()
        Report.objects.filter(pk=report.pk).update(status=Report.Status.ANNOTATED)
    report.status = Report.Status.ANNOTATED
    return annotation


def _record_failure(
    *, source: Source, reason: str, retry_after: float | None = None
) -> FetchOutcome:
    now = timezone.now()
    failures = source.consecutive_failures + 1
    delay = source_backoff(
        interval=source.poll_interval, failures=failures, retry_after=retry_after
    )
    reason = _fit(" ".join(clean_text(reason).split()), Source, "last_error")
    _update_source(
        source,
        last_attempt_at=now,
        consecutive_failures=failures,
        last_error=reason,
        next_poll_at=now + delay,
    )
    return FetchOutcome(
        source_id=source.pk,
        url=source.url,
        status="error",
        error=reason,
        next_poll_at=source.next_poll_at,
    )


def _update_source(source: Source, **fields) -> None:
    # A targeted UPDATE: an editor renaming the source meanwhile keeps the new name.
    Source.objects.filter(pk=source.pk).update(**fields)
    for name, value in fields.items():
        setattr(source, name, value)


def _report_from_entry(*, source: Source, entry: FeedEntry, now: datetime) -> Report:
    title = entry.title.strip() or _fit_length(entry.summary, 120) or "Untitled report"
    return Report(
        source=source,
        dedupe_key=_stored_key(*dedupe_key(entry)),
        guid=_fit(entry.guid or "", Report, "guid"),
        canonical_url=_url(entry.url),
        title=_fit(title, Report, "title"),
        author=_fit(entry.author or "", Report, "author"),
        published_at=entry.published_at,
        summary=entry.summary,
        text=entry.text,
        html=entry.sanitized_html,
        language=_fit(entry.language or "", Report, "language", ellipsis=False),
        content_hash=entry.content_hash,
        encoding_suspect=entry.encoding_suspect,
        first_seen_at=now,
        last_changed_at=now,
    )


def _stored_key(kind: str, value: str) -> str:
    """`kind:value`, or a digest of it when too long for the indexed column."""
    key = f"{kind}:{value}"
    limit = Report._meta.get_field("dedupe_key").max_length
    if len(key) <= limit:
        return key
    return f"{kind}-sha256:{hashlib.sha256(value.encode('utf-8')).hexdigest()}"


def _url(url: str | None) -> str:
    # A link cut short points somewhere else: too long means no link at all.
    limit = Report._meta.get_field("canonical_url").max_length
    return url if url and len(url) <= limit else ""


def _validator(value: str | None, field: str) -> str:
    value = clean_text(value or "")
    return value if len(value) <= Source._meta.get_field(field).max_length else ""


def _fit(value: str, model, field: str, *, ellipsis: bool = True) -> str:
    limit = model._meta.get_field(field).max_length
    return _fit_length(value, limit, ellipsis=ellipsis)


def _fit_length(value: str, limit: int, *, ellipsis: bool = True) -> str:
    value = value or ""
    if len(value) <= limit:
        return value
    if not ellipsis:
        return value[:limit]
    return value[: limit - 1].rstrip() + "…"


def _default_name(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _index_reports(reports: list[Report]) -> None:
    # bulk_create sends no signals, so Wagtail search would never see these rows;
    # add them in bulk (one statement on PostgreSQL) instead of one per report.
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(Report, reports)
        except Exception:
            # Database backends must fail the transaction; external ones may lag.
            if not backend.catch_indexing_errors:
                raise
            logger.exception("Could not index reports in search backend %r", name)


__all__ = [
    "FetchOutcome",
    "UpsertCounts",
    "annotation_create",
    "annotation_update",
    "ingest_fetch_options",
    "licence_event_draft_from_report",
    "report_set_status",
    "reports_upsert",
    "source_backoff",
    "source_fetch",
    "source_get_or_create",
    "sources_claim_due",
]
