"""Hooks that keep the API's fact index, the open questions and the change feed current.

Signals are Wagtail's API for "a page went live / stopped being live", and they fire
for every route there: the admin, scheduled publishing, workflows and code. The feed
shows consumers what readers see, so a view restriction added to or removed from a
section, and a section going live or away, record its events disappearing or
appearing (`policy.services.changes`). Reference
data (regulators, materials, instruments) is public as soon as it is saved, so its
saves and deletes go into the feed as they happen.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from rexchange.api.changes import ChangeKind, ChangeType, change_record

from .models import Instrument, LicenceEventPage, Material, Regulator
from .services import (
    licence_event_change_record,
    licence_event_facts_sync,
    licence_event_visibility_sync,
    open_questions_sync,
)

REFERENCE_TYPES = {
    Regulator: ChangeType.REGULATOR,
    Material: ChangeType.MATERIAL,
    Instrument: ChangeType.INSTRUMENT,
}


def _event_published(sender, instance, **kwargs):
    licence_event_facts_sync(event=instance)
    # One event going live or away can open, carry or answer questions on the
    # events it follows, so the whole chain is recomputed (a few queries).
    open_questions_sync()
    licence_event_change_record(event=instance, kind=ChangeKind.PUBLISH)


def _event_unpublished(sender, instance, **kwargs):
    licence_event_facts_sync(event=instance)
    open_questions_sync()
    licence_event_change_record(event=instance, kind=ChangeKind.UNPUBLISH)


def _section_published_or_unpublished(sender, instance, **kwargs):
    # Events under a page that went live or away appear to readers or disappear.
    if instance.numchild and not isinstance(instance, LicenceEventPage):
        licence_event_visibility_sync(section_id=instance.pk)


def _restriction_changed(sender, instance, **kwargs):
    # A password or group restriction added, changed or removed on a section.
    licence_event_visibility_sync(section_id=instance.page_id)


def _event_deleted(sender, instance, **kwargs):
    change_record(
        object_type=ChangeType.EVENT, object_ids=[instance.pk], kind=ChangeKind.DELETE
    )


def _reference_saved(sender, instance, **kwargs):
    change_record(
        object_type=REFERENCE_TYPES[sender],
        object_ids=[instance.pk],
        kind=ChangeKind.UPDATE,
    )


def _reference_deleted(sender, instance, **kwargs):
    change_record(
        object_type=REFERENCE_TYPES[sender],
        object_ids=[instance.pk],
        kind=ChangeKind.DELETE,
    )


def connect() -> None:
    """Subscribe the fact index and the feed to events and reference data."""
    page_published.connect(
        _event_published, sender=LicenceEventPage, dispatch_uid="policy.published"
    )
    page_unpublished.connect(
        _event_unpublished, sender=LicenceEventPage, dispatch_uid="policy.unpublished"
    )
    pre_delete.connect(
        _event_deleted, sender=LicenceEventPage, dispatch_uid="policy.deleted"
    )
    page_published.connect(
        _section_published_or_unpublished, dispatch_uid="policy.section_published"
    )
    page_unpublished.connect(
        _section_published_or_unpublished, dispatch_uid="policy.section_unpublished"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"policy.restriction.{signal is post_save}",
        )
    for model in REFERENCE_TYPES:
        post_save.connect(
            _reference_saved, sender=model, dispatch_uid=f"policy.saved.{model}"
        )
        post_delete.connect(
            _reference_deleted, sender=model, dispatch_uid=f"policy.deleted.{model}"
        )
