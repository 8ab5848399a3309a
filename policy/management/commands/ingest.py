"""Fetch sources now, synchronously, through the same service the Celery task uses."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policy.reporting.models import Source
from policy.reporting.services import (
    FetchOutcome,
    source_fetch,
    source_get_or_create,
    sources_claim_due,
)


class Command(BaseCommand):
    help = (
        "Fetch one source (--url, created if new) or every due source (--due) now. "
        "Exit status 0 when every source is ok or not modified, 1 otherwise."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--url", help="The feed or page to fetch.")
        which.add_argument(
            "--due", action="store_true", help="Fetch every source that is due."
        )
        parser.add_argument("--name", help="Name for a new source (default: host).")
        parser.add_argument(
            "--kind",
            choices=Source.Kind.values,
            default=Source.Kind.AUTO,
            help="What the URL serves (default: detect automatically).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=1000,
            help="With --due: fetch at most this many sources (default 1000).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object per source on its own line.",
        )

    def handle(self, *args, **options):
        as_json = options["json"]
        if options["url"]:
            try:
                source, _ = source_get_or_create(
                    url=options["url"], name=options["name"], kind=options["kind"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            sources = [source]
        else:
            ids = sources_claim_due(now=timezone.now(), limit=options["limit"])
            sources = list(Source.objects.filter(pk__in=ids).order_by("name", "pk"))
            if not as_json:
                self.stdout.write(f"{len(sources)} source(s) due.")

        failed = 0
        for position, source in enumerate(sources, start=1):
            if not as_json and len(sources) > 1:
                self.stdout.write(f"[{position}/{len(sources)}] {source.name} …")
            outcome = source_fetch(source=source)
            failed += not outcome.ok
            if as_json:
                self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
            else:
                self._describe(source, outcome)
        if failed:
            # SystemExit rather than CommandError: the reasons are already printed.
            raise SystemExit(1)

    def _describe(self, source: Source, outcome: FetchOutcome) -> None:
        if outcome.status == "error":
            self.stdout.write(
                self.style.ERROR(f"{source.name} ({source.url}): {outcome.error}")
            )
            return
        if outcome.status == "not_modified":
            line = "not modified since the last fetch"
        else:
            line = (
                f"{outcome.created} created, {outcome.updated} updated, "
                f"{outcome.unchanged} unchanged"
            )
        self.stdout.write(self.style.SUCCESS(f"{source.name} ({source.url}): {line}"))
        for warning in outcome.warnings:
            self.stdout.write(f"  note: {warning}")
