"""A read model of live events' facts, so the API can filter on them portably."""

from django.db import models

from ..vocabulary import Dimension, FactState
from .events import LicenceEventPage


class LicenceEventFact(models.Model):
    """One fact of a published licence event: its dimension and knowledge state.

    Rebuilt from the live page by `policy.services.licence_event_facts_sync` on
    publish and unpublish; StreamField JSON cannot be queried the same way on SQLite
    and PostgreSQL, a plain table can.
    """

    event = models.ForeignKey(
        LicenceEventPage, on_delete=models.CASCADE, related_name="fact_index"
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    state = models.CharField(max_length=12, choices=FactState.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "dimension"], name="licence_event_fact_unique"
            )
        ]
        indexes = [
            models.Index(fields=["state", "dimension"], name="licence_event_fact_find")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.state}"
