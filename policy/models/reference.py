"""Reference data the policy record hangs on: regulators, materials, instruments."""

from django.core.validators import RegexValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from rexchange.newsroom.widgets import SearchableCheckboxSelectMultiple

iso_3166 = RegexValidator(
    r"^[A-Z]{2}$", "Use a two-letter ISO 3166 code in capitals, e.g. CN or US."
)


class Regulator(index.Indexed, models.Model):
    """A body that issues export controls or licences, e.g. MOFCOM."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text="e.g. 'MOFCOM'.")
    slug = models.SlugField(max_length=60, unique=True)
    jurisdiction = models.CharField(
        max_length=2, validators=[iso_3166], help_text="ISO 3166 code, e.g. CN."
    )
    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("jurisdiction"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),
    ]

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Material(index.Indexed, models.Model):
    """A controlled material, e.g. dysprosium (Dy)."""

    class Category(models.TextChoices):
        LIGHT_RARE_EARTH = "light_rare_earth", "Light rare earth"
        HEAVY_RARE_EARTH = "heavy_rare_earth", "Medium or heavy rare earth"
        MAGNET = "magnet", "Magnet"
        OTHER = "other", "Other critical mineral"

    name = models.CharField(max_length=80, unique=True)
    symbol = models.CharField(max_length=8, blank=True, help_text="e.g. 'Dy'.")
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    hs_codes = models.CharField(
        "HS codes",
        max_length=200,
        blank=True,
        help_text="Harmonized System codes, comma-separated, e.g. '2805.30, 2846.90'.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("symbol"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("hs_codes"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("symbol"),
        index.AutocompleteField("name"),
        index.AutocompleteField("symbol"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.symbol})" if self.symbol else self.name


class Instrument(index.Indexed, ClusterableModel):
    """The legal act a line of events hangs on, e.g. 'Announcement No. 18 of 2025'."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "In force"
        SUSPENDED = "suspended", "Suspended"
        REPEALED = "repealed", "Repealed"

    regulator = models.ForeignKey(
        Regulator, on_delete=models.PROTECT, related_name="instruments"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    document_reference = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Announcement No. 18 of 2025'."
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_FORCE
    )
    materials = ParentalManyToManyField(
        Material, blank=True, related_name="instruments"
    )
    control_codes = models.CharField(
        max_length=200,
        blank=True,
        help_text="Comma-separated, e.g. '1C902.a, 1E902.a'.",
    )

    panels = [
        FieldPanel("regulator"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("document_reference"),
        FieldPanel("status"),
        FieldPanel(
            "materials", widget=SearchableCheckboxSelectMultiple(noun="materials")
        ),
        FieldPanel("control_codes"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("document_reference"),
        index.AutocompleteField("title"),
        index.AutocompleteField("document_reference"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
