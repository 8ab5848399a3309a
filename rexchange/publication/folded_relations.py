"""Related rows folded into their parent's query, as if prefetched.

A prefetch costs one query per relation. Small related rows (an article's topics,
its bylines and their authors) can instead come back in the parent's own query as
a JSON array from a correlated subquery: `JSONB_AGG(JSONB_BUILD_OBJECT(...))` on
PostgreSQL, `JSON_GROUP_ARRAY(JSON_OBJECT(...))` on SQLite. The iterable below
turns each array into model instances and stores them where Django's prefetching
would, so `article.topics.all()` then reads them without a query.

Only plain columns travel well through JSON (text, numbers, booleans): fold no
dates, decimals or files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import DEFERRED, F, Func, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable


class JSONRows(Func):
    """One JSON array of the subquery's rows (each a JSON object), or NULL for
    none on PostgreSQL. Not an aggregate to Django, so it adds no GROUP BY: the
    database aggregates the whole correlated subquery into one value.

    The expressions after the first order the array on PostgreSQL; SQLite (3.40
    has no ordered aggregates) leaves the order to `Fold.instances`."""

    output_field = JSONField()

    def as_sql(self, compiler, connection, **extra_context):
        value, *ordering = self.get_source_expressions()
        sql, params = compiler.compile(value)
        return f"JSON_GROUP_ARRAY({sql})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        value, *ordering = self.get_source_expressions()
        sql, params = compiler.compile(value)
        keys = []
        for expression in ordering:
            key_sql, key_params = compiler.compile(expression)
            keys.append(key_sql)
            params = (*params, *key_params)
        order = f" ORDER BY {', '.join(keys)}" if keys else ""
        return f"JSONB_AGG({sql}{order})", params


@dataclass(frozen=True)
class Fold:
    """A relation to fold: the manager's name on the parent (`topics`), the
    related rows as a queryset of the model the manager returns, the filter that
    ties them to the parent, the fields to carry (attribute → lookup), the
    fields that order them (attributes, ascending, as the model's ordering), and
    models joined to each row (the foreign key's name → model and fields)."""

    name: str
    queryset: object
    parent_lookup: str
    fields: dict[str, str]
    order_by: tuple[str, ...]
    joined: dict[str, tuple[type, dict[str, str]]] | None = None

    @property
    def annotation(self) -> str:
        return f"folded_{self.name}"

    def subquery(self) -> FoldedRows:
        rows = self.queryset.filter(**{self.parent_lookup: OuterRef("pk")})
        carried = dict(self.fields)
        for prefix, (_, fields) in (self.joined or {}).items():
            carried |= {f"{prefix}__{key}": path for key, path in fields.items()}
        return FoldedRows(
            rows.order_by().values(
                rows=JSONRows(
                    JSONObject(**carried), *(F(self.fields[k]) for k in self.order_by)
                )
            )[:1],
            fold=self,
        )

    def instances(self, rows: list[dict] | None, *, db: str) -> list:
        model = self.queryset.model
        found = []
        for row in rows or []:
            obj = _instance(model, row, db=db)
            for prefix, (joined_model, fields) in (self.joined or {}).items():
                values = {key: row[f"{prefix}__{key}"] for key in fields}
                related = _instance(joined_model, values, db=db)
                model._meta.get_field(prefix).set_cached_value(obj, related)
            found.append(obj)
        if connections[db].vendor == "postgresql":
            return found  # ordered by JSONB_AGG
        # SQLite compares text by code point (BINARY), as Python does, and puts
        # NULL first.
        return sorted(
            found,
            key=lambda o: tuple(
                (getattr(o, k) is not None, getattr(o, k)) for k in self.order_by
            ),
        )


class FoldedRows(Subquery):
    """The subquery of a `Fold`, which it carries through the queryset's clones."""

    def __init__(self, queryset, *, fold: Fold, **extra):
        super().__init__(queryset, **extra)
        self.fold = fold


def _instance(model, row: dict, *, db: str):
    names = [f.attname for f in model._meta.concrete_fields]
    return model.from_db(db, names, [row.get(n, DEFERRED) for n in names])


def fold(queryset, *folds: Fold):
    """`queryset` with each relation's rows in its own query, installed on every
    parent as that relation's prefetched result."""
    queryset = queryset.annotate(**{f.annotation: f.subquery() for f in folds})
    queryset._iterable_class = FoldedIterable
    return queryset


class FoldedIterable(ModelIterable):
    """Model instances with their folded relations installed as prefetched."""

    def __iter__(self):
        queryset = self.queryset
        folds = [
            expression.fold
            for name, expression in queryset.query.annotations.items()
            if isinstance(expression, FoldedRows)
            and name in queryset.query.annotation_select
        ]
        for obj in super().__iter__():
            for f in folds:
                rows = obj.__dict__.pop(f.annotation, None)
                install(obj, f.name, f.instances(rows, db=queryset.db))
            yield obj


def install(obj, name: str, instances: list) -> None:
    """Store `instances` as `obj.<name>.all()`, exactly where a prefetch would."""
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    queryset = getattr(obj, name).get_live_queryset()
    queryset._result_cache = instances
    queryset._prefetch_done = True
    cache[name] = queryset
