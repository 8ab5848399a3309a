"""The content generation: a token that changes whenever published content changes.

API validators (rexchange.api.views) hash it with an aggregate of the rows a list
reads, so a change that moves no row's timestamp (a regulator renamed, a section
password-protected, the rights line edited) still changes every ETag. The token
lives in Django's shared cache. It is random, never counted: a lost or flushed
entry becomes a token no client has seen, so losing it costs clients one full
response (a spurious 200), never a wrong 304.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "content:generation"
# Inside `read_once()`: the token as first read for the request being served.
_scoped: ContextVar[bool] = ContextVar("content_generation_scoped", default=False)
_read: ContextVar[str | None] = ContextVar("content_generation", default=None)


@contextmanager
def read_once():
    """Read the token once for a whole request: its cached reads (site, settings,
    navigation, filter lists, API validators) then share one trip to the cache."""
    scoped, read = _scoped.set(True), _read.set(None)
    try:
        yield
    finally:
        _read.reset(read)
        _scoped.reset(scoped)


def content_generation() -> str:
    """The current token; a new one when the cache has none (or is down)."""
    token = _read.get()
    if token is None:
        token = _fetch()
        if _scoped.get():
            _read.set(token)
    return token


def _fetch() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = secrets.token_hex(8)
        # Two processes racing here agree on whichever token was stored first.
        cache.add(GENERATION_KEY, token, timeout=None)
        token = cache.get(GENERATION_KEY) or token
    return token


def _bump() -> None:
    token = secrets.token_hex(8)
    cache.set(GENERATION_KEY, token, timeout=None)
    if _scoped.get():
        _read.set(token)  # the request that changed content reads the new token


def content_changed() -> None:
    """Retire the current token now and again when the transaction commits.

    The first bump retires validators handed out for the old content; the second
    retires any computed while the change was committing (old generation, maybe
    new rows), so no validator outlives the content it was computed from.
    """
    _bump()
    transaction.on_commit(_bump, robust=True)


def generation_cached(name: str, compute, *, timeout: int = 3600):
    """`compute()`, kept in the shared cache until published content next changes.

    For small reads every page repeats (the site, its settings, the navigation):
    the key carries the content generation, so any publish, unpublish, move,
    snippet or settings save makes every such entry a miss at once.
    """
    key = f"content:{content_generation()}:{name}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=timeout)
    return found
