"""Wagtail publishing hooks that keep the API's fact index and the open questions
current.

Signals are Wagtail's API for "a page went live / stopped being live", and they fire
for every route there: the admin, scheduled publishing, workflows and code.
"""

from wagtail.signals import page_published, page_unpublished

from .models import LicenceEventPage
from .services import licence_event_facts_sync, open_questions_sync


def _event_visibility_changed(sender, instance, **kwargs):
    licence_event_facts_sync(event=instance)
    # One event going live or away can open, carry or answer questions on the
    # events it follows, so the whole chain is recomputed (a few queries).
    open_questions_sync()


def connect() -> None:
    """Subscribe the fact index to licence event publish and unpublish."""
    for signal in (page_published, page_unpublished):
        signal.connect(
            _event_visibility_changed,
            sender=LicenceEventPage,
            dispatch_uid=f"policy.licence_event_facts_sync.{id(signal)}",
        )
