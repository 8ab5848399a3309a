"""Celery tasks for source ingestion: thin wrappers that load ids and call services.

Exactly-once comes from the database, not from the broker: `acks_late` with
`reject_on_worker_lost` (settings) redelivers a fetch whose worker died, and the
unique constraint on (source, dedupe_key) makes running it again harmless. Work the
broker cannot take is not dropped either: its sources are left due in the database,
and the first beat tick after the broker is back queues them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.dispatch import Signal
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from .models import Source
from .services import (
    reports_index,
    source_fetch,
    sources_claim_due,
    sources_mark_due,
)

logger = logging.getLogger(__name__)

# Infrastructure trouble (the database is down or restarting) is worth retrying;
# a source's own failures are recorded on the source by the service instead.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


# Sent once a fetch's reports are committed, before the task returns and so before
# its late acknowledgement: for observers, and for the fault suite, which holds a
# worker here to kill it between the commit and the ack.
fetch_committed = Signal()


@shared_task(name="policy.tasks.poll_due_sources", ignore_result=True)
def poll_due_sources() -> int:
    """Lease every due source and queue one fetch for each (the beat runs this)."""
    with transaction.atomic():
        claimed = sources_claim_due(
            now=timezone.now(), limit=settings.INGEST_POLL_BATCH
        )
        # Queue only once the lease is committed, or a fast worker could start
        # before the claim is visible.
        transaction.on_commit(partial(fetches_queue, claimed))
    if claimed:
        logger.info("Queued %d due source(s) for fetching", len(claimed))
    return len(claimed)


def fetches_queue(source_ids: Sequence[int]) -> list[int]:
    """Queue a fetch of each source; return those left due because the broker is down.

    Nothing is dropped when the broker cannot be reached: the sources not queued are
    made due in the database, so the first beat tick after the broker is back
    queues them again (and releases any lease this poll took on them).
    """
    for position, source_id in enumerate(source_ids):
        try:
            fetch_source.delay(source_id)
        except BrokerUnreachable as exc:
            # One refusal is enough: each further try would wait as long again.
            left = list(source_ids[position:])
            sources_mark_due(source_ids=left, now=timezone.now())
            logger.warning(
                "Broker unreachable (%s): %d source(s) left due for the next poll",
                exc,
                len(left),
            )
            return left
    return []


@shared_task(
    name="policy.tasks.fetch_source",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
    # The fetch itself is bounded by INGEST_TOTAL_TIMEOUT; this stops a task stuck
    # on something else (a lock) from holding a worker forever.
    soft_time_limit=180,
    time_limit=240,
)
def fetch_source(source_id: int) -> dict[str, object] | None:
    """Fetch one source and store its reports; a failing source records why."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        logger.info("Source %s no longer exists; nothing to fetch", source_id)
        return None
    outcome = source_fetch(source=source)
    fetch_committed.send(sender=fetch_source, source_id=source_id, outcome=outcome)
    if not outcome.ok:
        logger.warning("Source %s failed: %s", source_id, outcome.error)
    return outcome.as_dict()


@shared_task(
    name="policy.tasks.index_reports",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
)
def index_reports(report_ids: list[int]) -> int:
    """Add the reports a fetch stored to the search index (queued after it commits)."""
    return reports_index(report_ids=report_ids)
