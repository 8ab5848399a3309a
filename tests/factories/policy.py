"""Factories for the policy record: reference data, the tracker and licence events."""

import datetime as dt

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from policy.models import (
    Instrument,
    LicenceEventPage,
    Material,
    PolicyTrackerPage,
    Regulator,
)


def fact(
    dimension: str = "procedure",
    state: str = "changed",
    statement: str = "Qualifying exporters may hold a general licence.",
    citations=(),
) -> dict:
    """A raw `facts` block value."""
    return {
        "type": "fact",
        "value": {
            "dimension": dimension,
            "state": state,
            "statement": statement,
            "citations": list(citations),
        },
    }


class RegulatorFactory(DjangoModelFactory):
    class Meta:
        model = Regulator
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ministry of Trade {n}")
    short_name = factory.Sequence(lambda n: f"MOT{n}")
    slug = factory.Sequence(lambda n: f"ministry-of-trade-{n}")
    jurisdiction = "CN"


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Element {n}")
    symbol = factory.Sequence(lambda n: f"E{n}")
    slug = factory.Sequence(lambda n: f"element-{n}")
    category = Material.Category.HEAVY_RARE_EARTH


class InstrumentFactory(DjangoModelFactory):
    class Meta:
        model = Instrument
        django_get_or_create = ("slug",)

    regulator = factory.SubFactory(RegulatorFactory)
    title = factory.Sequence(lambda n: f"Export control announcement {n}")
    slug = factory.Sequence(lambda n: f"announcement-{n}")
    document_reference = factory.Sequence(lambda n: f"Announcement No. {n} of 2025")


class PolicyTrackerPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PolicyTrackerPage

    title = "Policy tracker"
    slug = "policy"
    show_in_menus = True


def _default_materials():
    return [MaterialFactory(name="Dysprosium", symbol="Dy", slug="dysprosium")]


class LicenceEventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LicenceEventPage

    title = factory.Sequence(lambda n: f"Licence event {n}")
    slug = factory.Sequence(lambda n: f"licence-event-{n}")
    regulator = factory.SubFactory(RegulatorFactory)
    event_type = LicenceEventPage.EventType.GENERAL_LICENCE_GRANTED
    announced_on = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(n))
    summary = "The ministry granted general licences to some exporters."
    assessment = LicenceEventPage.Assessment.CONSOLIDATING
    assessment_reason = "Fewer approvals to seek, same controls."
    confidence = LicenceEventPage.Confidence.CONFIRMED
    facts = factory.LazyFunction(lambda: [fact()])
    materials = factory.LazyFunction(_default_materials)
