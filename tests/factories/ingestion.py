"""Factories for ingestion data: sources, reports and annotations."""

import factory
from django.utils import timezone

from policy.reporting.models import Annotation, Report, Source


class SourceFactory(factory.django.DjangoModelFactory):
    """A source polled hourly, due now."""

    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Rare Earth Wire {n}")
    url = factory.Sequence(lambda n: f"https://wire{n}.example.com/feed.xml")


class ReportFactory(factory.django.DjangoModelFactory):
    """A report on dysprosium licences, new in the inbox."""

    class Meta:
        model = Report

    source = factory.SubFactory(SourceFactory)
    dedupe_key = factory.Sequence(lambda n: f"guid:report-{n}")
    guid = factory.Sequence(lambda n: f"report-{n}")
    canonical_url = factory.Sequence(lambda n: f"https://wire.example.com/notes/{n}")
    title = factory.Sequence(lambda n: f"Dysprosium licence note {n}")
    summary = "Some magnet makers received dysprosium licences."
    text = (
        "Some magnet makers received dysprosium licences this week. "
        "Volumes and destinations were not disclosed."
    )
    html = (
        "<p>Some magnet makers received <strong>dysprosium</strong> licences "
        "this week.</p><p>Volumes and destinations were not disclosed.</p>"
    )
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    published_at = factory.LazyFunction(timezone.now)


class AnnotationFactory(factory.django.DjangoModelFactory):
    """An editor's note that the report leaves out volumes."""

    class Meta:
        model = Annotation

    report = factory.SubFactory(ReportFactory)
    kind = Annotation.Kind.LEAVES_OUT
    quote = "Volumes and destinations were not disclosed."
    note = "Nothing on how much may ship."
