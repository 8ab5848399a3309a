"""API keys: the model, and creating, finding, touching and revoking keys.

Only a SHA-256 hash of a key is stored; the secret is shown once, at creation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "rx_"
# Writing last_used_at on every request would turn each read into a write; a minute's
# resolution is plenty for "is this key still in use?".
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class ApiKey(models.Model):
    """A credential for an API consumer: raises its rate limit; staff keys read more.

    Only a SHA-256 hash of the key is stored. The key itself is shown once, when it is
    created in the admin (`api_key_create`).
    """

    name = models.CharField(
        max_length=120,
        help_text="Who or what uses this key, e.g. 'Trading desk dashboard'.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="Optional. A key owned by an active staff user can read the staff "
        "endpoints (reports, annotations).",
    )
    prefix = models.CharField(
        max_length=16,
        editable=False,
        help_text="The first characters of the key, to tell keys apart.",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """True until the key is revoked."""
        return self.revoked_at is None

    @property
    def grants_staff_access(self) -> bool:
        """True when the key's owner is an active staff user."""
        user = self.user
        return bool(self.is_active and user and user.is_active and user.is_staff)


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


def api_key_find(*, raw: str) -> ApiKey | None:
    """The key matching a presented secret, revoked or not, with its owner."""
    return (
        ApiKey.objects.select_related("user").filter(key_hash=api_key_hash(raw)).first()
    )


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
