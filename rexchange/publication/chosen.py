"""Objects a page reads ahead for its StreamField choosers.

Wagtail's chooser blocks read their objects one query per block type and stream:
an article's highlights, body and embedded events' facts each read their events,
reports and images again. A page that knows them all reads each kind once and
hands them over with `chosen_objects(...)`; chooser blocks built on `ReadAhead`
take what they need from it and read only what is missing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

_chosen: ContextVar[dict | None] = ContextVar("chosen_objects", default=None)


@contextmanager
def chosen_objects(objects: Iterable):
    """Offer `objects` to the chooser blocks converted inside this block."""
    table = dict(_chosen.get() or {})
    for obj in objects:
        if obj is not None:
            table[(type(obj), obj.pk)] = obj
    token = _chosen.set(table)
    try:
        yield
    finally:
        _chosen.reset(token)


def chosen(model, pks: Iterable) -> dict:
    """The objects of `model` already read ahead, by primary key."""
    table = _chosen.get() or {}
    return {
        pk: table[(model, pk)] for pk in pks if pk is not None and (model, pk) in table
    }


class ReadAhead:
    """A chooser block mixin: objects read ahead by the page are not read again.

    `canonical_module_path` stays the parent block's, so migrations are unchanged.
    """

    def read_queryset(self):
        return self.model_class.objects.all()

    def bulk_to_python(self, values):
        found = chosen(self.model_class, values)
        missing = [pk for pk in values if pk is not None and pk not in found]
        if missing:
            found.update(self.read_queryset().in_bulk(missing))
        seen, result = set(), []
        for pk in values:
            obj = found.get(pk)
            if obj is not None and pk in seen:
                obj = copy.copy(obj)  # each use is its own instance, as in Wagtail
            result.append(obj)
            seen.add(pk)
        return result
