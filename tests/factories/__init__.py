"""Factories for test data (factory_boy and wagtail-factories)."""

from .articles import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    HomePageFactory,
    TopicFactory,
    highlight,
)

__all__ = [
    "ArticleIndexPageFactory",
    "ArticlePageFactory",
    "AuthorFactory",
    "HomePageFactory",
    "TopicFactory",
    "highlight",
]
