"""Counting attempts in the shared cache: per address and per client IP."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]
    return f"readers:limit:{scope}:{digest}"


def limit_reached(*, scope: str, value: str, limit: int, window: int) -> bool:
    """Count one attempt for `value` and say whether it is over `limit` attempts in
    the current `window` seconds. The window starts at the first attempt."""
    key = _key(scope, value)
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit
