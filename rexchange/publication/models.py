"""Publication-wide settings shared by the site, feeds and the API."""

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

    @classmethod
    def for_site(cls, site):
        """The site's settings, from the shared cache until content next changes
        (a settings save moves the content generation)."""
        from rexchange.cache import keys as surrogate_keys
        from rexchange.cache.generation import generation_cached

        if site is None:
            return super().for_site(site)
        found = generation_cached(
            f"publication-settings:{site.pk}", lambda: super(cls, cls).for_site(site)
        )
        # Loaded from the cache, not the database: tag the response by hand.
        surrogate_keys.add(surrogate_keys.SETTINGS)
        return found

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
