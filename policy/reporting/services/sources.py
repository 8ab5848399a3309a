"""The source registry: adding sources and the fetch limits they are read with."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ..ingest import FetchOptions, clean_text, parse_allowlist
from ..models import Source
from .fields import fit

MAX_DEADLINE = 30.0


def ingest_fetch_options() -> FetchOptions:
    """The fetch limits and private allowlist configured in settings."""
    return FetchOptions(
        private_allowlist=parse_allowlist(settings.INGEST_PRIVATE_ALLOWLIST),
        connect_timeout=settings.INGEST_CONNECT_TIMEOUT,
        read_timeout=settings.INGEST_READ_TIMEOUT,
        # A source gets 30 s at most, whatever the setting says.
        total_timeout=min(settings.INGEST_TOTAL_TIMEOUT, MAX_DEADLINE),
        max_bytes=settings.INGEST_MAX_BYTES,
    )


def source_get_or_create(
    *, url: str, name: str | None = None, kind: str = Source.Kind.AUTO
) -> tuple[Source, bool]:
    """The source polling this URL, created (named after its host) if it is new."""
    url = (url or "").strip()
    if kind not in Source.Kind.values:
        raise ValidationError(
            {"kind": f"Kind must be one of {', '.join(Source.Kind.values)}."}
        )
    max_length = Source._meta.get_field("url").max_length
    if len(url) > max_length:
        raise ValidationError({"url": f"The link is longer than {max_length} chars."})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": f"{url!r} is not an http or https link with a host name."}
        ) from None
    existing = Source.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    name = fit(
        clean_text((name or "").strip()) or source_default_name(url), Source, "name"
    )
    source, created = Source.objects.get_or_create(
        url=url, defaults={"name": name, "kind": kind}
    )
    return source, created


def source_default_name(url: str) -> str:
    """A new source's name until its feed names itself: the host, without www."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
