"""The public site and the admin, in a real browser.

Each reader page loads without console errors or CSP violations and passes axe-core
without serious or critical findings; the article fits a 375-pixel phone screen; the
Wagtail admin works under our Content-Security-Policy. Screenshots of every page go to
test-artifacts/screenshots/ (ignored by git).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from articles.models import ArticlePage
from tests.browser.conftest import serious_violations as _serious_violations

# Transactional, because the live server reads the database from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_pages_load_cleanly_and_pass_axe(tab, site):
    problems = {}
    for name in ("home", "index", "article", "event", "timeline", "search", "author"):
        tab.errors.clear()
        response = tab.visit(site[name])
        found = []
        if response is None or response.status != 200:
            found.append(f"status {response.status if response else 'none'}")
        found += tab.errors
        found += _serious_violations(tab)
        tab.screenshot(name)
        if found:
            problems[name] = found
    assert problems == {}


def test_search_in_the_browser_finds_the_dysprosium_article_and_event(tab, site):
    tab.visit(site["home"])
    tab.tab.get_by_role("searchbox", name="Search").fill("dysprosium")
    tab.tab.get_by_role("button", name="Search").first.click()
    tab.tab.wait_for_load_state("networkidle")
    results = tab.tab.locator(".search-hit .card-title").all_inner_texts()
    assert "Licences required for seven medium and heavy rare earths" in results
    assert "April 2025: seven medium and heavy rare earths go under licence" in results
    marks = tab.tab.locator(".search-hit .snippet mark").all_inner_texts()
    assert {m.lower() for m in marks} == {"dysprosium"}
    assert tab.errors == []


def test_article_fits_a_375_pixel_screen(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.goto(site["article"], wait_until="networkidle")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        from tests.browser.conftest import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "article-375.png"), full_page=True)
    finally:
        context.close()
    scroll_width, client_width = widths
    assert scroll_width <= client_width


def test_admin_works_under_the_content_security_policy(tab, site, live_server):
    User.objects.create_superuser("editor", password="a long admin password 42")
    article = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
    tab.visit(live_server.url + "/admin/login/")
    tab.tab.get_by_label("Username").fill("editor")
    tab.tab.get_by_label("Password").fill("a long admin password 42")
    tab.tab.get_by_role("button", name="Sign in").click()
    tab.tab.wait_for_url(live_server.url + "/admin/")
    problems = {"admin-login": list(tab.errors)} if tab.errors else {}
    for name, path in (
        ("admin-dashboard", "/admin/"),
        ("admin-explorer", f"/admin/pages/{article.get_parent().pk}/"),
        ("admin-article-edit", f"/admin/pages/{article.pk}/edit/"),
        ("admin-snippets", "/admin/snippets/articles/author/"),
        ("admin-article-draft", f"/admin/pages/{article.pk}/view_draft/"),
        ("admin-review-compare", f"/admin/pages/{article.pk}/revisions/"),
    ):
        tab.errors.clear()
        response = tab.visit(live_server.url + path)
        if response is None or response.status != 200:
            problems[name] = [f"status {response.status if response else 'none'}"]
            continue
        tab.screenshot(name)
        if tab.errors:
            problems[name] = list(tab.errors)
    assert problems == {}
