"""Writes to the policy record: keyword-only services named `<entity>_<action>`.

Each area has its own module; this package re-exports them so callers write
`from policy.services import source_fetch`.
"""

from .fact_index import licence_event_facts_rebuild_all, licence_event_facts_sync
from .ingestion import (
    FetchOutcome,
    UpsertCounts,
    annotation_create,
    annotation_update,
    ingest_fetch_options,
    licence_event_draft_from_report,
    report_set_status,
    reports_upsert,
    source_backoff,
    source_fetch,
    source_get_or_create,
    sources_claim_due,
)

__all__ = [
    "FetchOutcome",
    "UpsertCounts",
    "annotation_create",
    "annotation_update",
    "ingest_fetch_options",
    "licence_event_facts_rebuild_all",
    "licence_event_facts_sync",
    "licence_event_draft_from_report",
    "report_set_status",
    "reports_upsert",
    "source_backoff",
    "source_fetch",
    "source_get_or_create",
    "sources_claim_due",
]
