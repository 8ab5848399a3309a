"""The change feed: one ordered log of every publish, update, unpublish and delete
that API consumers can see, so they sync by following it instead of re-reading lists.

Ordering is the whole point. A change's sequence number is its row id, and every
transaction that records changes first takes one advisory lock, held until it
commits or rolls back. So a transaction can only draw sequence numbers after every
earlier recorder has finished: ids become visible in the order they were drawn, a
reader always sees a gap-free prefix, and a consumer that keeps the last sequence it
read can never skip a change that commits later with a smaller number. (SQLite holds
one write lock per database, which gives the same guarantee.) Publishing is rare,
so serialising its last step costs nothing noticeable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, models, transaction
from django.utils import timezone

# Any fixed 64-bit number; it names the lock only within this database.
CHANGE_LOCK_KEY = 7_301_512_026


class ChangeType(models.TextChoices):
    """What kind of object changed."""

    ARTICLE = "article", "Article"
    HIGHLIGHT = "highlight", "Highlight"
    EVENT = "event", "Licence event"
    REGULATOR = "regulator", "Regulator"
    MATERIAL = "material", "Material"
    INSTRUMENT = "instrument", "Instrument"
    COMMENT = "comment", "Reader's comment"


class ChangeKind(models.TextChoices):
    """What happened to it."""

    PUBLISH = "publish", "Published"
    UPDATE = "update", "Updated"
    UNPUBLISH = "unpublish", "Unpublished"
    DELETE = "delete", "Deleted"


REMOVALS = {ChangeKind.UNPUBLISH, ChangeKind.DELETE}
OUT = {ChangeKind.PUBLISH, ChangeKind.UPDATE}


class Change(models.Model):
    """One visible change to one object; the id is its place in the feed."""

    id = models.BigAutoField(primary_key=True)
    object_type = models.CharField(max_length=20, choices=ChangeType.choices)
    object_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    occurred_at = models.DateTimeField()

    class Meta:
        app_label = "rexchange"
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["object_type", "object_id", "-id"], name="change_latest"
            ),
            # The webhook backlog sweep reads the last day's changes every minute.
            models.Index(fields=["occurred_at"], name="change_occurred"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.object_type} {self.object_id}"

    @property
    def is_removal(self) -> bool:
        return self.kind in REMOVALS


# Called with the new changes' ids after the recording transaction commits; the
# webhooks app subscribes here so this module does not import it.
_after_commit: list[Callable[[list[int]], None]] = []


def change_listener_add(listener: Callable[[list[int]], None]) -> None:
    """Run `listener(change_ids)` after every commit that recorded changes."""
    if listener not in _after_commit:
        _after_commit.append(listener)


def _sequence_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOCK_KEY])


def _latest_kinds(object_type: str, ids: list[str]) -> dict[str, str]:
    latest = (
        Change.objects.filter(object_type=object_type, object_id__in=ids)
        .order_by("object_id", "-id")
        .values_list("object_id", "kind")
    )
    kinds: dict[str, str] = {}
    for object_id, kind in latest:
        kinds.setdefault(object_id, kind)
    return kinds


@transaction.atomic
def change_record(*, object_type: str, object_ids: Iterable, kind: str) -> list[Change]:
    """Record that these objects were published, updated, unpublished or deleted.

    `publish` on an object that is already out becomes `update`; `update` of
    something not out is a `publish`; `unpublish` of something not out and `delete`
    of something never published record nothing, and after a delete nothing more
    is recorded for that object.
    """
    ids = list(dict.fromkeys(str(i) for i in object_ids))
    if not ids:
        return []
    _sequence_lock()
    last = _latest_kinds(object_type, ids)
    now = timezone.now()
    rows = []
    for object_id in ids:
        previous = last.get(object_id)
        if previous == ChangeKind.DELETE:
            continue  # ids are never reused; nothing happens to a deleted object
        out = previous in OUT
        if kind in (ChangeKind.PUBLISH, ChangeKind.UPDATE):
            effective = ChangeKind.UPDATE if out else ChangeKind.PUBLISH
        elif kind == ChangeKind.UNPUBLISH:
            if not out:
                continue
            effective = ChangeKind.UNPUBLISH
        else:
            if previous in (None, ChangeKind.DELETE):
                continue
            effective = ChangeKind.DELETE
        rows.append(
            Change(
                object_type=object_type,
                object_id=object_id,
                kind=effective,
                occurred_at=now,
            )
        )
    # One row at a time: bulk_create returns ids on PostgreSQL, but not SQLite.
    for row in rows:
        row.save(force_insert=True)
    if rows and _after_commit:
        change_ids = [row.pk for row in rows]
        for listener in list(_after_commit):
            transaction.on_commit(
                lambda listener=listener: listener(change_ids), robust=True
            )
    return rows


def change_out_ids(*, object_type: str, object_ids: Iterable) -> set[str]:
    """Which of these objects are out as far as the feed has told consumers: their
    latest change is a publish or an update."""
    ids = list(dict.fromkeys(str(i) for i in object_ids))
    if not ids:
        return set()
    latest = _latest_kinds(object_type, ids)
    return {i for i, kind in latest.items() if kind in OUT}


def change_feed_queryset():
    """Every recorded change, oldest first."""
    return Change.objects.order_by("id")
