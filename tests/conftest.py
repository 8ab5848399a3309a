"""Shared fixtures: a site tree with a home page, an analysis index and a tracker.

And one rule for test files, checked at collection: a file holds transactional tests
(real commits, threads, live servers) or ordinary database tests, never both. A
transactional test flushes the database when it ends, taking the data migrations wrote
(Wagtail's root page, the groups) with it; pytest-django runs transactional tests last,
and under pytest-xdist (`make test`) each file runs whole in one process, in that
order, only when no file mixes the two.
"""

from collections import defaultdict

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


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _uses_db(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "db" in item.fixturenames


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist's `--dist loadfile` hands out the files with the most tests first
    # unless told `--no-loadscope-reorder` (as `make test` does): a transactional file
    # then runs, and flushes the database, before ordinary ones in the same process.
    # Keep pytest-django's order however the suite is started.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if _transactional(item):
            kinds[str(item.path)].add("transactional")
        elif _uses_db(item):
            kinds[str(item.path)].add("database")
    mixed = sorted(path for path, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError(
            "These files mix transactional and ordinary database tests; move the "
            "transactional ones to a file of their own (see tests/conftest.py): "
            + ", ".join(mixed)
        )
