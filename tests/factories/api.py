"""Factories for the API tests: the policy record, reports, keys, publishing."""

import datetime as dt

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import PageViewRestriction

from policy.models import (
    Annotation,
    Instrument,
    LicenceEventPage,
    Material,
    PolicyTrackerPage,
    Regulator,
    Report,
    Source,
)
from rexchange.services import api_key_create

from .articles import ArticlePageFactory, highlight


def fact(dimension: str, state: str, statement: str = "", *citations) -> dict:
    """A raw `facts` block value."""
    return {
        "type": "fact",
        "value": {
            "dimension": dimension,
            "state": state,
            "statement": statement or f"{dimension} is {state}.",
            "citations": list(citations),
        },
    }


def cite(label: str = "", url: str = "", event=None, report=None) -> dict:
    """A raw citation value; event and report may be objects or ids."""
    return {
        "label": label,
        "url": url,
        "event": getattr(event, "pk", event),
        "report": getattr(report, "pk", report),
    }


def publish(page):
    """Publish the page's current content the way editors do: through a revision."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_article(parent, *, texts=("A claim.",), topics=(), events=(), **kwargs):
    """A published article whose highlights have the given texts."""
    page = ArticlePageFactory(
        parent=parent,
        highlights=kwargs.pop("highlights", None) or [highlight(t) for t in texts],
        topics=list(topics),
        related_events=list(events),
        **kwargs,
    )
    return publish(page)


def make_private(page):
    """Put a page behind a password: readers and API consumers must not see it."""
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def api_key(**kwargs) -> str:
    """A new API key's secret."""
    return api_key_create(name=kwargs.pop("name", "Test consumer"), **kwargs)[1]


class RegulatorFactory(DjangoModelFactory):
    class Meta:
        model = Regulator
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ministry {n}")
    short_name = factory.Sequence(lambda n: f"M{n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")
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
    title = factory.Sequence(lambda n: f"Announcement No. {n} of 2025")
    slug = factory.Sequence(lambda n: f"announcement-{n}-2025")


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
    event_type = LicenceEventPage.EventType.GENERAL_LICENCE_GRANTED
    announced_on = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(n))
    summary = "The ministry said some exporters may now hold general licences."
    assessment = LicenceEventPage.Assessment.CONSOLIDATING
    assessment_reason = "Fewer approvals, same controls."
    facts = factory.LazyFunction(lambda: [fact("procedure", "changed")])


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Trade outlet {n}")
    url = factory.Sequence(lambda n: f"https://outlet{n}.example/feed.xml")


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    source = factory.SubFactory(SourceFactory)
    dedupe_key = factory.Sequence(lambda n: f"guid:report-{n}")
    title = factory.Sequence(lambda n: f"MOFCOM approves general licences ({n})")
    canonical_url = factory.Sequence(lambda n: f"https://outlet.example/reports/{n}")
    text = "MOFCOM said some applications for general licences were approved."
    content_hash = factory.Sequence(lambda n: f"{n:064d}")


class AnnotationFactory(DjangoModelFactory):
    class Meta:
        model = Annotation

    report = factory.SubFactory(ReportFactory)
    kind = Annotation.Kind.LEAVES_OUT
    note = "It does not say which exporters were approved."
