"""Factories for test data (factory_boy and wagtail-factories)."""

from .articles import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    HomePageFactory,
    ImageFactory,
    TopicFactory,
    highlight,
)
from .policy import (
    InstrumentFactory,
    LicenceEventPageFactory,
    MaterialFactory,
    PolicyTrackerPageFactory,
    RegulatorFactory,
    fact,
)

__all__ = [
    "ArticleIndexPageFactory",
    "ArticlePageFactory",
    "AuthorFactory",
    "HomePageFactory",
    "ImageFactory",
    "InstrumentFactory",
    "LicenceEventPageFactory",
    "MaterialFactory",
    "PolicyTrackerPageFactory",
    "RegulatorFactory",
    "TopicFactory",
    "fact",
    "highlight",
]
