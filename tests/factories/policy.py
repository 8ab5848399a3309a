"""Factories for the policy record: reference data, the tracker and licence events."""

import datetime as dt

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from policy.models import LicenceEventPage, Material, PolicyTrackerPage, Regulator


def fact(statement: str, *, dimension: str = "scope", state: str = "changed") -> dict:
    """A raw fact block value for a licence event's `facts`."""
    return {
        "type": "fact",
        "value": {
            "dimension": dimension,
            "state": state,
            "statement": statement,
            "citations": [],
        },
    }


class RegulatorFactory(DjangoModelFactory):
    class Meta:
        model = Regulator
        django_get_or_create = ("slug",)

    name = "Ministry of Commerce of the People's Republic of China"
    short_name = "MOFCOM"
    slug = "mofcom"
    jurisdiction = "CN"


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Element {n}")
    symbol = ""
    slug = factory.Sequence(lambda n: f"element-{n}")
    category = Material.Category.HEAVY_RARE_EARTH


class PolicyTrackerPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PolicyTrackerPage

    title = "Policy tracker"
    slug = "tracker"


class LicenceEventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LicenceEventPage

    title = factory.Sequence(lambda n: f"Licence event {n}")
    slug = factory.Sequence(lambda n: f"licence-event-{n}")
    regulator = factory.SubFactory(RegulatorFactory)
    event_type = LicenceEventPage.EventType.CONTROL_IMPOSED
    announced_on = factory.Sequence(lambda n: dt.date(2025, 4, 4) + dt.timedelta(n))
    summary = "The ministry added items to its export-control list."
    assessment = LicenceEventPage.Assessment.TIGHTENING
    assessment_reason = "More items need a licence; nothing was removed."
    facts = factory.LazyFunction(
        lambda: [fact("Listed items now need a licence for export.")]
    )
