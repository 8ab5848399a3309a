"""Factories for the API tests: the policy record, reports, keys, publishing."""

import factory
from factory.django import DjangoModelFactory
from wagtail.models import PageViewRestriction
from wagtail_factories import ImageFactory

from articles.demo import demo_every_block_body
from policy.reporting.models import Annotation, Report, Source
from rexchange.api.keys import api_key_create

from . import policy as policy_factories
from .articles import ArticlePageFactory, highlight
from .policy import InstrumentFactory, MaterialFactory, RegulatorFactory

__all__ = ["InstrumentFactory", "MaterialFactory", "RegulatorFactory"]


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


def every_block_body(*, event, report) -> list[tuple[str, object]]:
    """An article body holding one block of every type the body allows."""
    image = ImageFactory(title="Export volumes")
    return demo_every_block_body(event=event, report=report, image=image)


def make_private(page):
    """Put a page behind a password: readers and API consumers must not see it."""
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def api_key(**kwargs) -> str:
    """A new API key's secret."""
    return api_key_create(name=kwargs.pop("name", "Test consumer"), **kwargs)[1]


class PolicyTrackerPageFactory(policy_factories.PolicyTrackerPageFactory):
    slug = "tracker"


class LicenceEventPageFactory(policy_factories.LicenceEventPageFactory):
    """An event with one changed fact and no materials unless given."""

    summary = "The ministry said some exporters may now hold general licences."
    assessment_reason = "Fewer approvals, same controls."
    facts = factory.LazyFunction(lambda: [fact("procedure", "changed")])
    materials = factory.LazyFunction(list)


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
