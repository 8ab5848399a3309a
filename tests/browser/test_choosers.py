"""A writer finds a topic in the article editor's searchable list, ticks it and
publishes, in a real browser under the admin's Content-Security-Policy."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from articles.models import ArticlePage, Topic
from tests.browser.conftest import SCREENSHOTS

# Transactional, because the live server reads the database from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long admin password 42"
# A few more topics than the demo's three, so filtering has something to hide.
EXTRA_TOPICS = [
    ("magnets", "Magnets"),
    ("gallium-germanium", "Gallium and germanium"),
    ("trade-policy", "Trade policy"),
]


def _shown(tab, list_id: str) -> list[str]:
    return tab.tab.locator(f"#{list_id} > div:visible label").all_inner_texts()


def test_writer_filters_topics_ticks_one_and_publishes(tab, site, live_server):
    for slug, name in EXTRA_TOPICS:
        Topic.objects.create(slug=slug, name=name)
    User.objects.create_superuser("editor", password=PASSWORD)
    article = ArticlePage.objects.get(slug="april-2025-controls-seven-rare-earths")
    assert not article.topics.filter(slug="licensing").exists()

    tab.visit(live_server.url + "/admin/login/")
    tab.tab.get_by_label("Username").fill("editor")
    tab.tab.get_by_label("Password").fill(PASSWORD)
    tab.tab.get_by_role("button", name="Sign in").click()
    tab.tab.wait_for_url(live_server.url + "/admin/")
    tab.visit(live_server.url + f"/admin/pages/{article.pk}/edit/")

    search = tab.tab.get_by_label("Search topics")
    search.wait_for(state="visible")
    status = tab.tab.locator("#id_topics-status")
    assert status.inner_text() == "2 of 6 topics chosen."
    # Chosen first, then the rest by name.
    assert _shown(tab, "id_topics")[:2] == ["Export controls", "Rare earths"]

    search.press_sequentially("licen")
    assert _shown(tab, "id_topics") == ["Licensing"]
    assert status.inner_text() == "2 of 6 topics chosen; showing 1 that match."
    # The events list is untouched: labelled so a writer can tell them apart, the
    # chosen one first, then the rest newest first.
    events = _shown(tab, "id_related_events")
    assert [e.split(" · ")[:2] for e in events] == [
        ["2025-04-04", "MOFCOM"],
        ["2025-12-04", "MOFCOM"],
        ["2025-11-07", "MOFCOM"],
        ["2025-10-09", "MOFCOM"],
    ], events

    # Keyboard: Enter moves to the first match (it does not submit the form), and
    # Space ticks it.
    search.press("Enter")
    focused = "document.activeElement.closest('label').textContent.trim()"
    assert tab.tab.evaluate(focused) == "Licensing"
    tab.tab.keyboard.press("Space")
    assert status.inner_text() == "3 of 6 topics chosen; showing 1 that match."
    search.press("Escape")
    assert len(_shown(tab, "id_topics")) == 6

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel = tab.tab.locator("section", has=tab.tab.locator("#id_topics")).last
    panel.screenshot(path=str(SCREENSHOTS / "admin-choosers.png"))
    search.fill("ga ger")
    panel.screenshot(path=str(SCREENSHOTS / "admin-choosers-filtered.png"))
    search.fill("")

    tab.tab.locator(
        "button.dropdown-toggle, [data-w-dropdown-target='toggle']"
    ).last.click()
    tab.tab.get_by_role("button", name="Publish").click()
    tab.tab.wait_for_url(f"{live_server.url}/admin/pages/{article.get_parent().pk}/")

    article.refresh_from_db()
    assert set(article.topics.values_list("slug", flat=True)) == {
        "export-controls",
        "rare-earths",
        "licensing",
    }
    assert not article.has_unpublished_changes
    assert tab.errors == []
