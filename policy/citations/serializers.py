"""How links and citations look to API consumers, for every endpoint that cites.

Citations are resolved against lookups the view loads once per page
(`policy.citations.targets`), so a list costs the same queries at any length.
"""

from __future__ import annotations

from rest_framework import serializers

from policy.models import LicenceEventPage

from .targets import CitationTargets


class EventLinkSerializer(serializers.Serializer):
    """A licence event, named and linked."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class ReportLinkSerializer(serializers.Serializer):
    """An outside report a claim relies on."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)
    outlet = serializers.CharField()


class CitationSerializer(serializers.Serializer):
    """What backs a claim: a link, a licence event, or a report (any of them)."""

    label = serializers.CharField()
    url = serializers.URLField(allow_null=True)
    event = EventLinkSerializer(allow_null=True)
    report = ReportLinkSerializer(allow_null=True)


def event_link(event: LicenceEventPage, request) -> dict:
    """An event as {id, title, url}."""
    return {"id": event.pk, "title": event.title, "url": event.get_full_url(request)}


def citation_data(raw: dict, targets: CitationTargets, request) -> dict:
    """A stored citation resolved against public events and known reports."""
    event = targets.events.get(raw.get("event"))
    report = targets.reports.get(raw.get("report"))
    label = raw.get("label") or (
        event.title if event else report.title if report else raw.get("url") or ""
    )
    return {
        "label": label,
        "url": raw.get("url") or None,
        "event": event_link(event, request) if event else None,
        "report": (
            {
                "id": report.pk,
                "title": report.title,
                "url": report.canonical_url or None,
                "outlet": report.source.name,
            }
            if report
            else None
        ),
    }
