"""The rights block every API payload carries, read from the publication settings."""

from __future__ import annotations

from rexchange.publication.models import PublicationSettings


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
