"""Writes that span the whole publication: API keys, roles, scheduled publishing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets

from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from .models import ApiKey
from .roles import roles_pages_apply

KEY_PREFIX = "rx_"
# Writing last_used_at on every request would turn each read into a write; a minute's
# resolution is plenty for "is this key still in use?".
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def api_key_hash(raw: str) -> str:
    """The stored form of a key: SHA-256 of a 256-bit random token needs no salt."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def api_key_create(*, name: str, user=None) -> tuple[ApiKey, str]:
    """Create an API key; returns it with the only copy of the secret there will be."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name, user=user, prefix=raw[:10], key_hash=api_key_hash(raw)
    )
    return key, raw


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    """Revoke a key for good: requests with it get 401 from now on."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_touch(*, key: ApiKey) -> None:
    """Record that a key was just used (at most one write a minute per key)."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


@transaction.atomic
def newsroom_permissions_ensure() -> None:
    """Give the newsroom groups their permissions on the pages that exist now."""
    roles_pages_apply(apps=django_apps)


def scheduled_publishing_run() -> str:
    """Publish revisions whose go-live time has passed and unpublish expired pages.

    Wagtail's `publish_scheduled` command holds the logic; we run it rather than
    copy it, and return what it printed.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
