"""The words the policy record is written in: fact dimensions and knowledge states.

Articles import these too, so an inline "what changed" block and a licence event's
facts speak the same vocabulary and can be compared.
"""

from django.db import models


class Dimension(models.TextChoices):
    """What aspect of a licence regime a fact is about."""

    EXPORTERS = "exporters", "Exporters"
    PRODUCTS = "products", "Products"
    VOLUMES = "volumes", "Volumes"
    DESTINATIONS = "destinations", "Destinations"
    DURATION = "duration", "Duration"
    PROCEDURE = "procedure", "Procedure"
    SCOPE = "scope", "Scope"
    LEGAL_BASIS = "legal_basis", "Legal basis"
    OTHER = "other", "Other"


class FactState(models.TextChoices):
    """What is known about a dimension: undisclosed is a value, not a blank."""

    CHANGED = "changed", "Changed"
    UNCHANGED = "unchanged", "Unchanged"
    UNDISCLOSED = "undisclosed", "Undisclosed"
