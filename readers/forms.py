"""Reader-facing forms: a comment, a digest subscription."""

from __future__ import annotations

from django import forms
from django.conf import settings

from articles.models import Topic
from policy.models import Material

from .models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH
from .text import comment_links, comment_text_clean


class CommentForm(forms.Form):
    """A comment: name, email (never shown), text, and a field only robots fill."""

    name = forms.CharField(label="Name", max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="Never shown. Your first comment waits for an editor.",
    )
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Plain text, up to {COMMENT_MAX_LENGTH} characters.",
    )
    # The honeypot: hidden from people (the `hidden` attribute needs no CSS), and
    # named like a field robots love to fill in.
    website = forms.CharField(required=False, label="Leave this empty")

    def clean_name(self):
        return comment_text_clean(self.cleaned_data["name"]).replace("\n", " ")

    def clean_body(self):
        body = comment_text_clean(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("Write something first.")
        allowed = settings.COMMENT_MAX_LINKS
        if len(comment_links(body)) > allowed:
            raise forms.ValidationError(
                f"Please keep to {allowed} link{'s' if allowed != 1 else ''} or fewer."
            )
        return body

    @property
    def is_robot(self) -> bool:
        """Whether the honeypot was filled in."""
        return bool(self.data.get("website", "").strip())


class SubscribeForm(forms.Form):
    """A digest subscription: an address and what to receive."""

    email = forms.EmailField(label="Email", max_length=254)
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for every topic.",
    )
    materials = forms.ModelMultipleChoiceField(
        queryset=Material.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for every material.",
    )
    weekly_digest = forms.BooleanField(
        label="The weekly digest", required=False, initial=True
    )
    event_alerts = forms.BooleanField(
        label="An email as soon as a new licence event is published", required=False
    )
    website = forms.CharField(required=False, label="Leave this empty")

    def clean(self):
        data = super().clean()
        if not data.get("weekly_digest") and not data.get("event_alerts"):
            raise forms.ValidationError("Choose the weekly digest, alerts or both.")
        return data
