"""Reads of project-wide records: the rights block and API keys."""

from __future__ import annotations

from .models import ApiKey, PublicationSettings
from .services import api_key_hash


def publication_rights() -> dict:
    """The rights block every API payload carries, from the default site's settings."""
    found = (
        PublicationSettings.objects.filter(site__is_default_site=True)
        .order_by("pk")
        .first()
    )
    settings = found or PublicationSettings()
    return {
        "copyright_holder": settings.copyright_holder,
        "copyright": settings.copyright_line,
        "licence_url": settings.licence_url or None,
    }


def api_key_find(*, raw: str) -> ApiKey | None:
    """The key matching a presented secret, revoked or not, with its owner."""
    return (
        ApiKey.objects.select_related("user").filter(key_hash=api_key_hash(raw)).first()
    )
