"""Factories for test data (factory_boy and wagtail-factories)."""

from .articles import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    HomePageFactory,
    TopicFactory,
    highlight,
)
from .policy import (
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
    "LicenceEventPageFactory",
    "MaterialFactory",
    "PolicyTrackerPageFactory",
    "RegulatorFactory",
    "TopicFactory",
    "fact",
    "highlight",
]
