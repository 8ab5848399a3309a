"""Browser fixtures: one Debian Chromium per test session, driven by Playwright.

No browser is downloaded: Playwright launches the system's /usr/bin/chromium.
Gated by `require_chromium()`, so a laptop without Chromium skips these tests and CI,
which installs it, fails if it is missing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.services import require_chromium

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# Playwright's sync API keeps an event loop in this thread; the Django ORM calls the
# tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by every browser test in the session."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class PageWatch:
    """A browser tab that records console errors, page errors and CSP violations."""

    def __init__(self, tab):
        self.tab = tab
        self.errors: list[str] = []
        tab.on(
            "console",
            lambda msg: (
                self.errors.append(f"console: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        tab.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        # Runs before any page script, outside the page's CSP, so it sees every
        # violation even where the browser would not log one to the console.
        tab.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )

    def visit(self, url: str):
        """Open `url`, wait until the network is idle, and return the response."""
        response = self.tab.goto(url, wait_until="networkidle")
        return response

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot under test-artifacts/screenshots/."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.tab.screenshot(path=str(path), full_page=True)
        return path


def wagtail_initial_rows() -> None:
    """Recreate what Wagtail's migrations insert (locale, root page, root collection).

    Transactional tests empty every table when they finish, so a browser test that
    runs after another one finds none of them.
    """
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def tab(browser):
    """A fresh browser context and tab per test (no cookies carried over)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = PageWatch(context.new_page())
    yield watch
    context.close()


SERIOUS = {"serious", "critical"}


def serious_violations(tab) -> list[str]:
    """axe-core findings of serious or critical impact on the tab's current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab.tab)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Uploaded images and renditions kept in a temporary MEDIA_ROOT on disk, where
    the live server's media route finds them (the suite keeps them in memory)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def site(live_server, media_on_disk):
    """The whole demo publication: articles, the policy tracker and its events."""
    from django.core.management import call_command

    from articles.models import ArticleIndexPage, ArticlePage, Author, Topic
    from policy.models import LicenceEventPage, PolicyTrackerPage

    wagtail_initial_rows()
    call_command("load_demo", stdout=io.StringIO())
    tracker = PolicyTrackerPage.objects.get()
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    article = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    author = Author.objects.order_by("slug").first()
    topic = Topic.objects.order_by("slug").first()
    material = event.materials.order_by("slug").first()
    base = live_server.url
    return {
        "home": base + "/",
        "index": base + ArticleIndexPage.objects.get().url,
        "article": base + article.url,
        "event": base + event.url,
        "timeline": base + tracker.url,
        "material": base + f"{tracker.url}materials/{material.slug}/",
        "topic": base + f"/topics/{topic.slug}/",
        "search": base + "/search/?q=dysprosium",
        "author": base + f"/authors/{author.slug}/",
        "api-docs": base + "/api/docs/",
    }
