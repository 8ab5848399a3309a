"""Factories for editorial pages and snippets."""

import datetime as dt

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from articles.models import ArticleIndexPage, ArticlePage, Author, HomePage, Topic


def highlight(text: str = "MOFCOM approved some general licences.", **cite) -> dict:
    """A raw highlight block value, optionally with one citation."""
    citations = [cite] if cite else []
    return {"type": "highlight", "value": {"text": text, "citations": citations}}


class ImageFactory(wagtail_factories.ImageFactory):
    """A Wagtail image of a lead image's usual shape (1600×840 PNG)."""

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=1600, height=840, color="teal")


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Analyst {n}")
    slug = factory.Sequence(lambda n: f"analyst-{n}")
    role = "Analyst"


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "rexchange"
    slug = "home"


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Analysis"
    slug = "analysis"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Licence note {n}")
    slug = factory.Sequence(lambda n: f"licence-note-{n}")
    dek = "What the ministry's latest move changes, and what it leaves alone."
    publication_date = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(n))
    highlights = factory.LazyFunction(lambda: [highlight()])
    body = factory.LazyFunction(list)
    sources = factory.LazyFunction(list)
