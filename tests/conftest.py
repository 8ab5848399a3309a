"""Shared fixtures: a site tree with a home page, an analysis index and a tracker."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from tests.factories import (
    ArticleIndexPageFactory,
    HomePageFactory,
    PolicyTrackerPageFactory,
)


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """The site, settings and navigation are cached until content changes, which
    publishing signals; factories build pages without publishing, so each test
    starts from an empty cache instead of another test's pages."""
    cache.clear()
    yield


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True
    )
    return home


@pytest.fixture
def article_index(home_page):
    """The analysis index under the home page, shown in menus."""
    return ArticleIndexPageFactory(parent=home_page, show_in_menus=True)


@pytest.fixture
def tracker(home_page):
    """The policy tracker (timeline of licence events) under the home page."""
    return PolicyTrackerPageFactory(parent=home_page, show_in_menus=True)
