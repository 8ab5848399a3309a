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


# How the three states are headed wherever facts are grouped (event pages, the
# article's what-changed block), in reading order.
STATE_HEADINGS = {
    FactState.CHANGED: "What changed",
    FactState.UNCHANGED: "What didn't change",
    FactState.UNDISCLOSED: "What is undisclosed",
}


def choice_label(choices: type[models.TextChoices], value: str | None) -> str:
    """The reader-facing label of a stored choice ('' for none).

    Data written before a vocabulary change keeps its stored name.
    """
    if not value:
        return ""
    try:
        return choices(value).label
    except ValueError:
        return value


def dimension_label(value: str | None) -> str:
    """The reader-facing name of a fact's dimension, e.g. 'Legal basis'."""
    return choice_label(Dimension, value or Dimension.OTHER)


def state_label(value: str | None) -> str:
    """The reader-facing name of a knowledge state, e.g. 'Undisclosed'."""
    return choice_label(FactState, value or FactState.UNDISCLOSED)


def state_groups(items_by_state) -> list[tuple[str, str, list]]:
    """Facts grouped by state in reading order, as (state, heading, items)."""
    return [
        (str(state), heading, list(items_by_state.get(state) or []))
        for state, heading in STATE_HEADINGS.items()
    ]


def codes_from_text(text: str | None, *, upper: bool = False) -> list[str]:
    """A comma-separated list of codes (HS codes, ISO countries) as a clean list."""
    codes = [c.strip() for c in (text or "").split(",") if c.strip()]
    return [c.upper() for c in codes] if upper else codes
