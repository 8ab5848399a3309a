"""Writes for outside reporting, one module per job: the source registry (`sources`),
leasing due sources (`leasing`), backoff (`backoff`), fetch and store (`fetching`),
triage and annotation (`triage`) and event drafts from reports (`drafts`).
"""

from .backoff import source_backoff
from .drafts import licence_event_draft_from_report
from .fetching import (
    FetchOutcome,
    UpsertCounts,
    reports_index,
    reports_upsert,
    source_fetch,
)
from .leasing import sources_claim_due, sources_mark_due
from .sources import ingest_fetch_options, source_get_or_create
from .triage import annotation_create, annotation_update, report_set_status

__all__ = [
    "FetchOutcome",
    "UpsertCounts",
    "annotation_create",
    "annotation_update",
    "ingest_fetch_options",
    "licence_event_draft_from_report",
    "report_set_status",
    "reports_index",
    "reports_upsert",
    "source_backoff",
    "source_fetch",
    "source_get_or_create",
    "sources_claim_due",
    "sources_mark_due",
]
