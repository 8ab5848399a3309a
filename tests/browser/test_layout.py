"""The reader site's layout at phone, tablet and desktop widths, in a real browser.

Every reader page (and the API docs) at 375, 768 and 1280 pixels: nothing scrolls
sideways, no broken images, no console errors or CSP violations, no serious or critical
axe findings.
At 1280 pixels the article's and the event's main column sits in the middle of the
screen. Screenshots go to test-artifacts/screenshots/ (ignored by git) to be looked at.
"""

from __future__ import annotations

import pytest
import yaml

from policy.models import LicenceEventPage
from tests.browser.conftest import SCREENSHOTS, PageWatch, serious_violations

# Transactional, because the live server reads the database from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

PAGES = (
    "home",
    "index",
    "article",
    "event",
    "timeline",
    "material",
    "topic",
    "author",
    "search",
    "api-docs",
)
# The column a reader reads on each page type; its margins must match at 1280 px.
MAIN_COLUMN = {"article": ".article-text", "event": ".event-main"}
SWAGGER_OPERATION = ".opblock"

_PAGE_WIDTH = (
    "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
)
# Images the browser tried to load and could not (lazy ones not yet loaded are not
# "complete", so they are not counted).
_BROKEN_IMAGES = (
    "() => [...document.images].filter(i => i.complete && !i.naturalWidth)"
    ".map(i => i.currentSrc || i.src)"
)
_MARGINS = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return [box.left, document.documentElement.clientWidth - box.right];
}"""


def _open(browser, width: int) -> tuple[object, PageWatch]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    return context, PageWatch(context.new_page())


def _margins_within_ten_percent(left: float, right: float) -> bool:
    return abs(left - right) <= 0.1 * max(left, right)


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_reader_pages_fit_the_screen_without_errors(browser, site, width):
    context, tab = _open(browser, width)
    problems = {}
    try:
        for name in PAGES:
            tab.errors.clear()
            response = tab.visit(site[name])
            found = []
            if response is None or response.status != 200:
                found.append(f"status {response.status if response else 'none'}")
            if name == "api-docs":
                tab.tab.wait_for_selector(SWAGGER_OPERATION, timeout=120_000)
            scroll_width, client_width = tab.tab.evaluate(_PAGE_WIDTH)
            if scroll_width > client_width:
                found.append(f"scrolls sideways: {scroll_width} > {client_width} px")
            if width == 1280 and name in MAIN_COLUMN:
                left, right = tab.tab.evaluate(_MARGINS, MAIN_COLUMN[name])
                if not _margins_within_ten_percent(left, right):
                    found.append(f"main column off centre: {left:.0f} | {right:.0f}")
            found += [f"broken image {src}" for src in tab.tab.evaluate(_BROKEN_IMAGES)]
            found += tab.errors
            found += serious_violations(tab)
            tab.screenshot(f"layout-{name}-{width}")
            if found:
                problems[name] = found
    finally:
        context.close()
    assert problems == {}


def test_phone_tracker_lists_the_timeline_and_folds_the_filters(browser, site):
    context, tab = _open(browser, 375)
    try:
        tab.visit(site["timeline"])
        chart_shown = tab.tab.locator(".timeline-svg").is_visible()
        entries = tab.tab.locator(".timeline-list li")
        entry_count = entries.count()
        entries_shown = entries.first.is_visible()
        entry_font = entries.first.evaluate("e => getComputedStyle(e).fontSize")
        filters_open = tab.tab.locator(".filter-form").is_visible()
        tab.tab.get_by_text("Filter events", exact=True).first.click()
        filters_after_click = tab.tab.locator(".filter-form").is_visible()
    finally:
        context.close()
    assert not chart_shown
    assert entry_count == LicenceEventPage.objects.live().public().count()
    assert entries_shown
    assert float(entry_font.removesuffix("px")) >= 14
    assert (filters_open, filters_after_click) == (False, True)


def test_api_docs_render_every_operation_under_the_csp(browser, site, live_server):
    context, tab = _open(browser, 1280)
    try:
        schema = yaml.safe_load(
            context.request.get(live_server.url + "/api/schema/").text()
        )
        tab.errors.clear()
        tab.visit(site["api-docs"])
        tab.tab.wait_for_selector(SWAGGER_OPERATION, timeout=120_000)
        rendered = tab.tab.locator(SWAGGER_OPERATION).count()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot("api-docs-operations")
    finally:
        context.close()
    methods = {"get", "put", "post", "patch", "delete", "head", "options"}
    operations = sum(
        1 for item in schema["paths"].values() for method in item if method in methods
    )
    assert operations > 0
    assert rendered == operations
    assert tab.errors == []
