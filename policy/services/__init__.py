"""Writes to the policy record: keyword-only services named `<entity>_<action>`.

Outside reporting has its own services in `policy.reporting.services`.
"""

from .fact_index import licence_event_facts_rebuild_all, licence_event_facts_sync

__all__ = ["licence_event_facts_rebuild_all", "licence_event_facts_sync"]
