"""Fitting outside text into our columns: cut with an ellipsis, never mid-surrogate."""

from __future__ import annotations


def fit(value: str, model, field: str, *, ellipsis: bool = True) -> str:
    """`value` cut to the max_length of `model.field`."""
    limit = model._meta.get_field(field).max_length
    return fit_length(value, limit, ellipsis=ellipsis)


def fit_length(value: str, limit: int, *, ellipsis: bool = True) -> str:
    """`value` cut to `limit` characters, ending in "…" when it was cut."""
    value = value or ""
    if len(value) <= limit:
        return value
    if not ellipsis:
        return value[:limit]
    return value[: limit - 1].rstrip() + "…"
