"""Publication-wide settings shared by the site, feeds and the API."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PublicationSettings(BaseSiteSetting):
    """Name, tagline and rights line of the publication, edited in Settings."""

    publication_name = models.CharField(
        max_length=120,
        default="rexchange",
        help_text="Shown in the header and page titles, e.g. 'rexchange'.",
    )
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text="One line under the name, e.g. 'Rare-earth policy, read closely'.",
    )
    copyright_holder = models.CharField(
        max_length=200,
        default="rexchange",
        help_text="Who holds the copyright, as printed after ©, e.g. 'rexchange Ltd'.",
    )
    copyright_start_year = models.PositiveIntegerField(
        default=2025,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text="First year of publication; the footer prints a range to now.",
    )
    footer_line = models.CharField(
        max_length=300,
        blank=True,
        help_text="A short footer line, e.g. a trademark notice. Max 300 chars.",
    )
    licence_url = models.URLField(
        blank=True,
        help_text="Terms or licence for reuse of our content, shown to API consumers.",
    )

    panels = [
        FieldPanel("publication_name"),
        FieldPanel("tagline"),
        FieldPanel("copyright_holder"),
        FieldPanel("copyright_start_year"),
        FieldPanel("footer_line"),
        FieldPanel("licence_url"),
    ]

    class Meta:
        verbose_name = "publication settings"

    @property
    def copyright_years(self) -> str:
        """The year span for the copyright line, e.g. '2025–2026'."""
        now = timezone.now().year
        start = self.copyright_start_year or now
        return str(now) if start >= now else f"{start}–{now}"

    @property
    def copyright_line(self) -> str:
        """The full rights line, e.g. '© 2025–2026 rexchange Ltd'."""
        return f"© {self.copyright_years} {self.copyright_holder}"


class ApiKey(models.Model):
    """A credential for an API consumer: raises its rate limit; staff keys read more.

    Only a SHA-256 hash of the key is stored. The key itself is shown once, when it is
    created in the admin (`rexchange.services.api_key_create`).
    """

    name = models.CharField(
        max_length=120,
        help_text="Who or what uses this key, e.g. 'Trading desk dashboard'.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="Optional. A key owned by an active staff user can read the staff "
        "endpoints (reports, annotations).",
    )
    prefix = models.CharField(
        max_length=16,
        editable=False,
        help_text="The first characters of the key, to tell keys apart.",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """True until the key is revoked."""
        return self.revoked_at is None

    @property
    def grants_staff_access(self) -> bool:
        """True when the key's owner is an active staff user."""
        user = self.user
        return bool(self.is_active and user and user.is_active and user.is_staff)
