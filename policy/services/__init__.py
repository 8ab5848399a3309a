"""Writes to the policy record: keyword-only services named `<entity>_<action>`.

Outside reporting has its own services in `policy.reporting.services`.
"""

from .changes import licence_event_change_record, licence_event_visibility_sync
from .fact_index import licence_event_facts_rebuild_all, licence_event_facts_sync
from .questions import open_question_answer_refresh, open_questions_sync

__all__ = [
    "licence_event_change_record",
    "licence_event_facts_rebuild_all",
    "licence_event_facts_sync",
    "open_question_answer_refresh",
    "open_questions_sync",
    "licence_event_visibility_sync",
]
