"""Outside reporting: sources we poll, their reports, and editors' annotations."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Source(models.Model):
    """A feed or page we poll for reporting, with its fetch health."""

    class Kind(models.TextChoices):
        AUTO = "auto", "Detect automatically"
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        HTML = "html", "HTML page"

    name = models.CharField(max_length=200)
    url = models.URLField(
        max_length=2000,
        unique=True,
        # Only what the guarded client will fetch: an ftp: source would only fail.
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The feed or page address, e.g. https://www.example.com/rss.xml.",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.AUTO)
    active = models.BooleanField(default=True)
    poll_interval = models.DurationField(
        default=dt.timedelta(hours=1),
        help_text="How often to fetch, e.g. '01:00:00' for hourly. At least 5 minutes.",
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set while a fetch runs and cleared when it ends: a fetch that finds it still
    # set knows the one before died mid-way (out of memory, killed), not failed.
    fetch_started_at = models.DateTimeField(null=True, blank=True)
    interrupted_fetches = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("kind"),
        FieldPanel("active"),
        FieldPanel("poll_interval"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.poll_interval and self.poll_interval < dt.timedelta(minutes=5):
            raise ValidationError({"poll_interval": "Poll at most every 5 minutes."})

    @property
    def is_failing(self) -> bool:
        """True when the last fetch failed."""
        return self.consecutive_failures > 0


class Report(index.Indexed, models.Model):
    """One item of outside reporting, deduplicated per source, awaiting triage."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        RELEVANT = "relevant", "Relevant"
        IRRELEVANT = "irrelevant", "Irrelevant"
        ANNOTATED = "annotated", "Annotated"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="reports")
    dedupe_key = models.CharField(
        max_length=600,
        help_text="guid:…, url:… or hash:… — what makes this report unique per source.",
    )
    guid = models.CharField(max_length=1000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text="Sanitized HTML of the item.")
    language = models.CharField(max_length=20, blank=True)
    content_hash = models.CharField(max_length=64)
    raw_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="sha256 of the item as the feed sent it; unchanged items skip work.",
    )
    raw = models.BinaryField(
        null=True,
        blank=True,
        help_text="The bytes we parsed this report from, if kept.",
    )
    encoding_suspect = models.BooleanField(
        default=False,
        help_text="The text looks mis-decoded; check it against the source.",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    first_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_changed_at = models.DateTimeField(default=timezone.now)

    # Reports arrive by ingestion; by hand an editor only triages them. Reading
    # and annotating happen on the report view in the inbox.
    panels = [FieldPanel("status")]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("source_id"),
    ]

    class Meta:
        ordering = ["-first_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "dedupe_key"], name="report_unique_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["source", "raw_hash"], name="report_source_raw_hash")
        ]

    def __str__(self) -> str:
        return self.title


class Annotation(models.Model):
    """An editor's note on a report: what it gets right, leaves out, or a quote."""

    class Kind(models.TextChoices):
        GETS_RIGHT = "gets_right", "Gets right"
        LEAVES_OUT = "leaves_out", "Leaves out"
        QUOTE = "quote", "Quote"

    class Verdict(models.TextChoices):
        ACCURATE = "accurate", "Accurate"
        MISSING_CONTEXT = "missing_context", "Missing context"
        MISLEADING = "misleading", "Misleading"
        UNVERIFIED = "unverified", "Unverified"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="annotations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="report_annotations",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    quote = models.TextField(
        blank=True,
        help_text="Exact words from the report; they must appear in its text.",
    )
    note = models.TextField(blank=True)
    verdict = models.CharField(
        max_length=16, choices=Verdict.choices, default=Verdict.UNVERIFIED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("quote"),
        FieldPanel("note"),
        FieldPanel("verdict"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.report}"

    def clean(self):
        quote = " ".join((self.quote or "").split())
        if quote and self.report_id:
            haystack = " ".join(f"{self.report.title} {self.report.text}".split())
            if quote not in haystack:
                raise ValidationError(
                    {"quote": "These words do not appear in the report's text."}
                )
        if self.kind == self.Kind.QUOTE and not quote:
            raise ValidationError(
                {"quote": "A quote annotation needs the quoted words."}
            )
