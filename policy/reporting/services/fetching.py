"""Fetch and store: read a source now, upsert its reports, record how it went.

The pure half (`policy.reporting.ingest`) fetches and parses; this module decides what
the database sees. A fetch never deletes or rewrites reports it did not read again,
and a failing source records a one-line reason and waits longer before its next try.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Literal

from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from wagtail.search.backends import get_search_backends_with_name

from ..ingest import (
    FeedEntry,
    HTTPStatusError,
    IngestError,
    clean_text,
    dedupe_key,
    fetch_and_parse,
)
from ..models import Report, Source
from .backoff import RETRY_AFTER_STATUSES, source_backoff
from .fields import fit, fit_length
from .sources import ingest_fetch_options, source_default_name

logger = logging.getLogger(__name__)

Status = Literal["ok", "not_modified", "error"]

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
    "raw_hash",
    "encoding_suspect",
    "last_changed_at",
]
# Every column a new report is inserted with (the primary key and `raw` are not).
_INSERT_FIELDS = [
    "source",
    "dedupe_key",
    *(name for name in REPORT_UPDATE_FIELDS if name != "last_changed_at"),
    "status",
    "first_seen_at",
    "last_changed_at",
]
# Existing keys are looked up in chunks: SQLite allows 999 parameters per statement.
LOOKUP_CHUNK = 500
# A fetch that finds the one before it never finished (its worker ran out of
# memory or was killed) reads the source once more; after this many such deaths
# in a row the source is a poison source and backs off like any failing one.
INTERRUPTED_LIMIT = 2
INTERRUPTED = (
    "refused: the worker stopped twice while reading this source"
    " (out of memory or killed)"
)


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


def source_fetch(*, source: Source) -> FetchOutcome:
    """Fetch a source now, store what it holds, and record how it went."""
    interrupted = _begin_attempt(source)
    if interrupted >= INTERRUPTED_LIMIT:
        return _record_failure(source=source, reason=INTERRUPTED)
    try:
        result = fetch_and_parse(
            source.url,
            kind=source.kind,
            etag=source.etag or None,
            last_modified=source.last_modified or None,
            options=ingest_fetch_options(),
            known_raw=partial(_stored_raw_hashes, source=source),
        )
    except IngestError as exc:
        retry_after = None
        if isinstance(exc, HTTPStatusError) and exc.status in RETRY_AFTER_STATUSES:
            retry_after = exc.retry_after
        return _record_failure(source=source, reason=str(exc), retry_after=retry_after)
    except SoftTimeLimitExceeded:
        return _record_failure(
            source=source, reason="timed out: reading the source took too long"
        )
    except (OperationalError, InterfaceError):
        # The database went away mid-fetch (it is read for known items): that is
        # the worker's trouble, retried by the task, not a failure of the source.
        raise
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
            "fetch_started_at": None,
            "interrupted_fetches": 0,
            "next_poll_at": now + source.poll_interval,
            # A validator too long to store is dropped: a cut one would never match.
            "etag": _validator(result.etag, "etag"),
            "last_modified": _validator(result.last_modified, "last_modified"),
        }
        # A feed's title names the outlet; a page's title only names one article.
        named_after_host = source.name == source_default_name(source.url)
        if result.title and result.format != "html" and named_after_host:
            fields["name"] = fit(result.title, Source, "name")
        _update_source(source, **fields)
    warnings = result.warnings
    if interrupted:
        warnings = (
            "the fetch before this one stopped mid-way (out of memory or killed)",
            *warnings,
        )
    for warning in warnings:
        logger.debug("Source %s: %s", source.pk, warning)
    return FetchOutcome(
        source_id=source.pk,
        url=source.url,
        status="not_modified" if result.not_modified else "ok",
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged + result.unchanged,
        warnings=warnings,
        next_poll_at=source.next_poll_at,
    )


def reports_upsert(
    *, source: Source, entries: Sequence[FeedEntry], now: datetime | None = None
) -> UpsertCounts:
    """Store one fetch's entries as reports in a few batched statements."""
    now = now or timezone.now()
    incoming: dict[str, dict[str, Any]] = {}
    for entry in entries:
        row = _row_from_entry(source=source, entry=entry, now=now)
        incoming[row["dedupe_key"]] = row
    if not incoming:
        return UpsertCounts()
    keys = list(incoming)
    stored: dict[str, tuple[str, str]] = {}
    chunk = _lookup_chunk()
    for start in range(0, len(keys), chunk):
        rows = Report.objects.filter(
            source=source, dedupe_key__in=keys[start : start + chunk]
        ).values_list("dedupe_key", "content_hash", "raw_hash")
        stored.update((key, (content, raw)) for key, content, raw in rows)
    created = [r for key, r in incoming.items() if key not in stored]
    changed = [
        r
        for key, r in incoming.items()
        if key in stored and stored[key][0] != r["content_hash"]
    ]
    # The same text read from different raw bytes (a new date, reordered
    # attributes): remember the new raw hash so the next fetch skips the item.
    reread = [
        r
        for key, r in incoming.items()
        if key in stored
        and stored[key][0] == r["content_hash"]
        and stored[key][1] != r["raw_hash"]
    ]
    writes = created + changed
    # No savepoint: inside source_fetch this joins its one transaction per fetch.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            ids = _upsert_postgres(writes + reread)
        else:
            ids = _upsert_portable(writes, reread, source=source)
        written = [ids[r["dedupe_key"]] for r in writes if r["dedupe_key"] in ids]
        if written:
            _index_after_commit(written)
    return UpsertCounts(
        created=len(created),
        updated=len(changed),
        unchanged=len(incoming) - len(writes),
    )


def _upsert_postgres(rows: list[dict[str, Any]]) -> dict[str, int]:
    """COPY the rows into a scratch table, then one INSERT … ON CONFLICT from it."""
    # A row a concurrent fetch inserted meanwhile is updated, not duplicated: the
    # unique constraint on (source, dedupe_key) is what makes ingestion idempotent.
    # COPY sends 2,000 rows of HTML in a fraction of the time parameters take.
    if not rows:
        return {}
    quote = connection.ops.quote_name
    meta = Report._meta
    columns = [meta.get_field(name) for name in _INSERT_FIELDS]
    names = ", ".join(quote(f.column) for f in columns)
    table = quote(meta.db_table)
    scratch = quote(f"{meta.db_table}_incoming")
    content_hash = quote(meta.get_field("content_hash").column)
    updates = []
    for name in REPORT_UPDATE_FIELDS:
        column = quote(meta.get_field(name).column)
        if name == "last_changed_at":
            # Only a change of text is a change an editor should see again.
            updates.append(
                f"{column} = CASE WHEN {table}.{content_hash} IS DISTINCT FROM "
                f"EXCLUDED.{content_hash} THEN EXCLUDED.{column} "
                f"ELSE {table}.{column} END"
            )
        else:
            updates.append(f"{column} = EXCLUDED.{column}")
    source_column = quote(meta.get_field("source").column)
    key_column = quote(meta.get_field("dedupe_key").column)
    attnames = [f.attname for f in columns]
    # Identifiers come from the model's own metadata; every value goes by COPY.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {scratch} ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {names} FROM {table} WITH NO DATA; TRUNCATE {scratch}"
        )
        with cursor.copy(f"COPY {scratch} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in attnames])
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {scratch} "  # noqa: S608
            f"ON CONFLICT ({source_column}, {key_column}) DO UPDATE SET "
            f"{', '.join(updates)} RETURNING {quote(meta.pk.column)}, {key_column}"
        )
        return {key: pk for pk, key in cursor.fetchall()}


def _upsert_portable(
    writes: list[dict[str, Any]], reread: list[dict[str, Any]], *, source: Source
) -> dict[str, int]:
    """Django's bulk upsert, and one UPDATE for rows whose raw bytes alone changed."""
    if writes:
        Report.objects.bulk_create(
            [Report(**row) for row in writes],
            update_conflicts=True,
            unique_fields=["source", "dedupe_key"],
            update_fields=REPORT_UPDATE_FIELDS,
        )
    for start in range(0, len(reread), LOOKUP_CHUNK):
        chunk = reread[start : start + LOOKUP_CHUNK]
        Report.objects.filter(
            source=source, dedupe_key__in=[r["dedupe_key"] for r in chunk]
        ).update(
            raw_hash=Case(
                *(
                    When(dedupe_key=r["dedupe_key"], then=Value(r["raw_hash"]))
                    for r in chunk
                ),
                default="raw_hash",
            )
        )
    ids: dict[str, int] = {}
    keys = [r["dedupe_key"] for r in writes]
    for start in range(0, len(keys), LOOKUP_CHUNK):
        ids.update(
            Report.objects.filter(
                source=source, dedupe_key__in=keys[start : start + LOOKUP_CHUNK]
            ).values_list("dedupe_key", "pk")
        )
    return ids


# --- helpers ---------------------------------------------------------------------


def _begin_attempt(source: Source) -> int:
    """Mark a fetch as running; return how many fetches before it died mid-way."""
    interrupted = source.interrupted_fetches + 1 if source.fetch_started_at else 0
    if interrupted:
        logger.warning(
            "Source %s: the previous fetch never finished (%d in a row)",
            source.pk,
            interrupted,
        )
    # Its own statement, committed before the fetch starts (outside a caller's
    # transaction), so it survives the process if the fetch kills it.
    _update_source(
        source, fetch_started_at=timezone.now(), interrupted_fetches=interrupted
    )
    return interrupted


def _stored_raw_hashes(hashes: Sequence[str], *, source: Source) -> set[str]:
    """Which of these raw item hashes this source already has stored."""
    found: set[str] = set()
    unique = sorted(set(hashes))
    chunk = _lookup_chunk()
    for start in range(0, len(unique), chunk):
        found.update(
            Report.objects.filter(
                source=source, raw_hash__in=unique[start : start + chunk]
            ).values_list("raw_hash", flat=True)
        )
    return found


def _lookup_chunk() -> int:
    # PostgreSQL takes 65,535 parameters per statement, SQLite 999.
    return 10 * LOOKUP_CHUNK if connection.vendor == "postgresql" else LOOKUP_CHUNK


def _record_failure(
    *, source: Source, reason: str, retry_after: float | None = None
) -> FetchOutcome:
    now = timezone.now()
    failures = source.consecutive_failures + 1
    delay = source_backoff(
        interval=source.poll_interval, failures=failures, retry_after=retry_after
    )
    reason = fit(" ".join(clean_text(reason).split()), Source, "last_error")
    _update_source(
        source,
        last_attempt_at=now,
        consecutive_failures=failures,
        last_error=reason,
        next_poll_at=now + delay,
        fetch_started_at=None,
        interrupted_fetches=0,
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


def _row_from_entry(
    *, source: Source, entry: FeedEntry, now: datetime
) -> dict[str, Any]:
    """A report's column values (by attribute name) for one entry."""
    title = entry.title.strip() or fit_length(entry.summary, 120) or "Untitled report"
    return {
        "source_id": source.pk,
        "dedupe_key": _stored_key(*dedupe_key(entry)),
        "guid": fit(entry.guid or "", Report, "guid"),
        "canonical_url": _url(entry.url),
        "title": fit(title, Report, "title"),
        "author": fit(entry.author or "", Report, "author"),
        "published_at": entry.published_at,
        "summary": entry.summary,
        "text": entry.text,
        "html": entry.sanitized_html,
        "language": fit(entry.language or "", Report, "language", ellipsis=False),
        "content_hash": entry.content_hash,
        "raw_hash": entry.raw_hash,
        "encoding_suspect": entry.encoding_suspect,
        "status": Report.Status.NEW.value,
        "first_seen_at": now,
        "last_changed_at": now,
    }


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


def reports_index(*, report_ids: Sequence[int]) -> int:
    """Add stored reports to Wagtail's search index in bulk; return how many."""
    reports = list(Report.objects.filter(pk__in=list(report_ids)))
    _index_reports(reports)
    return len(reports)


def _index_after_commit(report_ids: list[int]) -> None:
    # Indexing 2,000 reports costs PostgreSQL more than storing them: a task does
    # it once the fetch has committed, so search lags a fetch by seconds at most.
    from ..tasks import index_reports  # the tasks module imports this one

    transaction.on_commit(partial(index_reports.delay, report_ids), robust=True)


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
