"""The rights block every API payload carries, read from the publication settings."""

from __future__ import annotations

from rexchange.cache.generation import generation_cached
from rexchange.publication.models import PublicationSettings


def publication_rights() -> dict:
    """The rights block every API payload carries, from the default site's settings;
    kept in the shared cache until content next changes (a settings save does)."""
    return generation_cached("publication-rights", _rights)


def _rights() -> dict:
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
