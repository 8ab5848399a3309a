"""Webhook subscriptions and the log of every delivery made to them."""

from __future__ import annotations

from django.db import models

from rexchange.api.changes import Change, ChangeType


class WebhookSubscription(models.Model):
    """A consumer's HTTPS endpoint that receives the change feed as signed POSTs."""

    name = models.CharField(max_length=120, help_text="Who receives it, e.g. 'Acme'.")
    url = models.URLField(
        max_length=500,
        help_text="The receiver's address, e.g. https://hooks.example.com/rexchange. "
        "Private and loopback addresses are refused, as for ingestion.",
    )
    event_types = models.JSONField(
        default=list,
        help_text="Types of object whose changes are sent: "
        + ", ".join(ChangeType.values)
        + ".",
    )
    secret = models.CharField(
        max_length=100,
        editable=False,
        help_text="whsec_… signing secret (Standard Webhooks); shown once.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "rexchange"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One change sent (or being sent) to one subscription, with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Waiting to retry"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "rexchange"
        ordering = ["-change_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "change"], name="one_delivery_per_change"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due")
        ]

    def __str__(self) -> str:
        return f"{self.change} → {self.subscription}"

    @property
    def message_id(self) -> str:
        """The webhook-id: the same on every retry, so receivers can dedupe."""
        return f"msg_{self.change_id}_{self.subscription_id}"
