"""Readers' comments under articles (and events, where switched on), and the email
digest they subscribe to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

COMMENT_MAX_LENGTH = 3000
NAME_MAX_LENGTH = 80


class Comment(models.Model):
    """A reader's comment on a page: plain text, shown once an editor approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an editor"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="reader_comments"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    email = models.EmailField(
        help_text="Never shown to readers or in the API; lower-cased."
    )
    body = models.TextField(help_text="Plain text as the reader typed it.")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["page", "status", "created_at"], name="comment_thread"
            ),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:60]}"


class ApprovedCommenter(models.Model):
    """An address whose comments appear without waiting; delete the row to revoke."""

    email = models.EmailField(unique=True, help_text="Lower-cased.")
    approved_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["email"]
        verbose_name = "approved commenter"

    def __str__(self) -> str:
        return self.email


class PageComments(models.Model):
    """Whether a page takes comments: articles are open unless closed here; events
    take them only when opened here."""

    class State(models.TextChoices):
        OPEN = "open", "Open: readers may comment"
        CLOSED = "closed", "Closed: the thread stays, the form goes"

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="comment_setting"
    )
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.OPEN,
        help_text="Open an event page for comments, or close an article's thread.",
    )

    class Meta:
        verbose_name = "comment setting"

    def __str__(self) -> str:
        return f"{self.page.title}: {self.get_state_display()}"


class Subscriber(models.Model):
    """A confirmed reader of the digest. Rows exist only after double opt-in."""

    email = models.EmailField(unique=True, help_text="Lower-cased.")
    topics = models.ManyToManyField(
        "articles.Topic",
        blank=True,
        help_text="Highlights from articles on these topics; none means all.",
    )
    materials = models.ManyToManyField(
        "policy.Material",
        blank=True,
        help_text="Licence events touching these materials; none means all.",
    )
    weekly_digest = models.BooleanField(default=True)
    event_alerts = models.BooleanField(
        default=False, help_text="An email as soon as a new licence event is published."
    )
    confirmed_at = models.DateTimeField()
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounce_count = models.PositiveIntegerField(default=0)
    suppressed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set after repeated bounces: nothing more is sent to the address.",
    )

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def receiving(self) -> bool:
        """Whether anything may be sent to this address at all."""
        return self.unsubscribed_at is None and self.suppressed_at is None


class Delivery(models.Model):
    """One email to one subscriber for one digest period or alert. The row is claimed
    before sending; its uniqueness is what makes each email go out once."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", "Weekly digest"
        ALERT = "alert", "Licence event alert"

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will be retried)"
        EMPTY = "empty", "Nothing to send"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period = models.CharField(
        max_length=40, help_text="The ISO week ('2026-W49') or the event ('event-12')."
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind", "period"], name="delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} to {self.subscriber}"


class DeliveryProblem(models.Model):
    """A bounce or a sending failure for one subscriber, kept for the record."""

    class Kind(models.TextChoices):
        BOUNCE = "bounce", "Bounce"
        FAILURE = "failure", "Sending failed"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="problems"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    detail = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subscriber}"
