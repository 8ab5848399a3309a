"""At feed scale: unchanged items cost no HTML work; poison sources back off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from policy.reporting.models import Report, Source
from policy.reporting.services import source_fetch
from policy.reporting.services.fetching import INTERRUPTED

pytestmark = pytest.mark.django_db


def _feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Scale Wire</title><link>https://scale.example.com/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def _item(
    n: int, *, date: str = "Mon, 06 Oct 2025 08:00:00 GMT", text: str = ""
) -> str:
    return (
        f"<item><guid>s-{n}</guid><title>Terbium note {n}</title>"
        f"<link>https://scale.example.com/{n}</link><pubDate>{date}</pubDate>"
        f"<description>&lt;p&gt;Licences for item {n}. {text}&lt;/p&gt;</description>"
        "</item>"
    )


@pytest.fixture
def count_sanitizing(monkeypatch):
    """Count the HTML fields sanitized during fetches."""
    from policy.reporting.ingest import feeds

    calls = []
    real = feeds.sanitize_html

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(feeds, "sanitize_html", counting)
    return calls


def test_unchanged_items_cost_no_html_work(httpserver, source_at, count_sanitizing):
    httpserver.expect_request("/feed.xml").respond_with_data(
        _feed(*(_item(n) for n in range(5))), content_type="application/rss+xml"
    )
    source = source_at(httpserver.url_for("/feed.xml"))
    first = source_fetch(source=source)
    assert (first.created, len(count_sanitizing)) == (5, 5)
    assert all(len(r.raw_hash) == 64 for r in Report.objects.all())

    count_sanitizing.clear()
    second = source_fetch(source=source)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert count_sanitizing == []


def test_identical_html_in_many_items_is_sanitized_once(
    httpserver, source_at, count_sanitizing
):
    shared = "<description>&lt;p&gt;The same boilerplate.&lt;/p&gt;</description>"
    items = [
        f"<item><guid>b-{n}</guid><title>Note {n}</title>{shared}</item>"
        for n in range(4)
    ]
    httpserver.expect_request("/feed.xml").respond_with_data(
        _feed(*items), content_type="application/rss+xml"
    )
    outcome = source_fetch(source=source_at(httpserver.url_for("/feed.xml")))
    assert outcome.created == 4
    assert count_sanitizing == ["<p>The same boilerplate.</p>"]


def test_an_item_whose_raw_bytes_changed_but_not_its_text_keeps_its_change_time(
    httpserver, source_at
):
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        _feed(_item(1)), content_type="application/rss+xml"
    )
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        _feed(_item(1, date="Tue, 07 Oct 2025 09:00:00 GMT")),
        content_type="application/rss+xml",
    )
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        _feed(_item(1, date="Tue, 07 Oct 2025 09:00:00 GMT")),
        content_type="application/rss+xml",
    )
    source = source_at(httpserver.url_for("/feed.xml"))
    source_fetch(source=source)
    report = Report.objects.get()
    Report.objects.update(last_changed_at=report.last_changed_at - timedelta(days=1))
    before = Report.objects.get()

    second = source_fetch(source=source)
    after = Report.objects.get()
    assert (second.updated, second.unchanged) == (0, 1)
    assert after.raw_hash != before.raw_hash
    assert after.last_changed_at == before.last_changed_at

    third = source_fetch(source=source)
    assert third.unchanged == 1


def test_a_fetch_after_one_that_died_reads_the_source_once_more(httpserver, source_at):
    httpserver.expect_request("/feed.xml").respond_with_data(
        _feed(_item(1)), content_type="application/rss+xml"
    )
    source = source_at(httpserver.url_for("/feed.xml"))
    Source.objects.filter(pk=source.pk).update(fetch_started_at=timezone.now())
    source.refresh_from_db()

    outcome = source_fetch(source=source)
    assert outcome.status == "ok"
    assert outcome.warnings[0].startswith("the fetch before this one stopped")
    source.refresh_from_db()
    assert (source.fetch_started_at, source.interrupted_fetches) == (None, 0)


def test_a_source_whose_fetches_die_twice_backs_off_with_a_reason(
    httpserver, source_at
):
    httpserver.expect_request("/feed.xml").respond_with_data(
        _feed(_item(1)), content_type="application/rss+xml"
    )
    source = source_at(httpserver.url_for("/feed.xml"))
    # One fetch died, was redelivered, and that one died too.
    Source.objects.filter(pk=source.pk).update(
        fetch_started_at=timezone.now(), interrupted_fetches=1
    )
    source.refresh_from_db()
    before = timezone.now()

    outcome = source_fetch(source=source)

    assert (outcome.status, outcome.error) == ("error", INTERRUPTED)
    source.refresh_from_db()
    assert source.last_error == INTERRUPTED
    assert source.consecutive_failures == 1
    assert source.next_poll_at > before + source.poll_interval * 0.8
    assert (source.fetch_started_at, source.interrupted_fetches) == (None, 0)
    assert not Report.objects.exists()
    assert len(httpserver.log) == 0
