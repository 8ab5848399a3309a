"""Fetching a source stores its reports once, updates changed ones, keeps the rest."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from werkzeug import Response

from policy.reporting.models import Report, Source
from policy.reporting.services import source_fetch, source_get_or_create
from tests.factories.ingestion import AnnotationFactory

pytestmark = pytest.mark.django_db


def _feed(*items: str, title: str = "Critical Minerals Wire") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://wire.example.com/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def _item(guid: str, title: str, text: str) -> str:
    return (
        f"<item><guid>{guid}</guid><title>{title}</title>"
        f"<link>https://wire.example.com/{guid}</link>"
        f"<description>{text}</description></item>"
    )


@pytest.mark.parametrize(
    ("name", "count"), [("rss20.xml", 3), ("rss10.rdf", 2), ("atom.xml", 2)]
)
def test_a_feed_creates_its_reports_and_a_second_fetch_creates_none(
    serve, source_at, name, count
):
    source = source_at(serve(f"/{name}", name))

    first = source_fetch(source=source)
    assert (first.status, first.created, first.updated) == ("ok", count, 0)
    assert Report.objects.filter(source=source).count() == count

    second = source_fetch(source=source)
    assert (second.status, second.created, second.unchanged) == ("ok", 0, count)
    assert Report.objects.filter(source=source).count() == count


def test_stored_reports_carry_the_parsed_fields(serve, source_at):
    source = source_at(serve("/rss20.xml", "rss20.xml"))
    source_fetch(source=source)

    report = Report.objects.get(source=source, guid="cmw-2025-0404-01")
    assert report.dedupe_key == "guid:cmw-2025-0404-01"
    assert report.title.startswith("MOFCOM adds seven medium and heavy rare earths")
    assert report.author == "Lena Marsh"
    assert report.published_at == datetime(2025, 4, 4, 1, 30, tzinfo=UTC)
    assert "samarium, gadolinium, terbium" in report.text
    # Tracking parameters are gone from the stored link.
    assert "utm_" not in report.canonical_url
    assert "javascript" not in report.html.lower()
    assert "<script" not in report.html
    assert report.status == Report.Status.NEW


def test_an_html_article_page_becomes_one_report(serve, source_at):
    source = source_at(serve("/article.html", "article.html", content_type="text/html"))
    outcome = source_fetch(source=source)
    assert (outcome.status, outcome.created) == ("ok", 1)
    report = Report.objects.get(source=source)
    assert report.text


def test_duplicates_within_one_feed_are_stored_once(serve, source_at):
    source = source_at(serve("/dupes.xml", "duplicates.xml"))
    outcome = source_fetch(source=source)
    # Seven items: a repeated guid, one link with and without tracking, two
    # identical link-less notes, and a plain item.
    assert outcome.created == 4
    assert Report.objects.filter(source=source).count() == 4
    terbium = Report.objects.get(source=source, guid="roundup-terbium-0612")
    assert terbium.text.startswith("Longer version")


def test_an_item_seen_again_in_a_later_fetch_is_not_duplicated(
    httpserver, ingest_settings, source_at
):
    feeds = [
        _feed(_item("a", "Terbium", "One."), _item("b", "Yttrium", "Two.")),
        _feed(_item("b", "Yttrium", "Two."), _item("c", "Lutetium", "Three.")),
    ]
    httpserver.expect_request("/feed").respond_with_handler(
        lambda request: Response(feeds.pop(0), content_type="application/rss+xml")
    )
    source = source_at(httpserver.url_for("/feed"))

    first = source_fetch(source=source)
    second = source_fetch(source=source)

    assert (first.created, first.unchanged) == (2, 0)
    assert (second.created, second.updated, second.unchanged) == (1, 0, 1)
    assert sorted(Report.objects.values_list("guid", flat=True)) == ["a", "b", "c"]


def test_an_updated_item_updates_its_report_and_keeps_annotations_and_triage(
    httpserver, ingest_settings, source_at
):
    quote = "Some magnet makers received licences."
    feeds = [
        _feed(_item("a", "Licences", quote)),
        _feed(_item("a", "Licences, updated", f"{quote} Volumes stay undisclosed.")),
    ]
    httpserver.expect_request("/feed").respond_with_handler(
        lambda request: Response(feeds.pop(0), content_type="application/rss+xml")
    )
    source = source_at(httpserver.url_for("/feed"))
    source_fetch(source=source)
    report = Report.objects.get(source=source)
    report.status = Report.Status.RELEVANT
    report.save()
    annotation = AnnotationFactory(report=report, quote=quote)
    first_seen, first_changed = report.first_seen_at, report.last_changed_at

    outcome = source_fetch(source=source)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 0)
    report.refresh_from_db()
    assert report.title == "Licences, updated"
    assert report.text.endswith("Volumes stay undisclosed.")
    assert report.status == Report.Status.RELEVANT
    assert report.first_seen_at == first_seen
    assert report.last_changed_at > first_changed
    assert list(report.annotations.all()) == [annotation]


def test_a_conditional_fetch_answered_304_is_not_modified_and_changes_nothing(
    httpserver, ingest_settings, source_at, fixture_bytes
):
    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            fixture_bytes("rss20.xml"),
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Mon, 10 Nov 2025 08:00:00 GMT"},
        )

    httpserver.expect_request("/feed").respond_with_handler(feed)
    source = source_at(httpserver.url_for("/feed"))
    source_fetch(source=source)
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert source.last_modified == "Mon, 10 Nov 2025 08:00:00 GMT"
    changed = dict(Report.objects.values_list("pk", "last_changed_at"))

    outcome = source_fetch(source=source)

    assert outcome.as_dict() == {
        "source_id": source.pk,
        "url": source.url,
        "status": "not_modified",
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "error": None,
    }
    assert dict(Report.objects.values_list("pk", "last_changed_at")) == changed
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.etag == '"v1"'


def test_a_redirect_to_the_feed_is_followed(httpserver, serve, source_at):
    target = serve("/new/feed.xml", "rss20.xml")
    httpserver.expect_request("/old/feed.xml").respond_with_data(
        "", status=301, headers={"Location": target}
    )
    source = source_at(httpserver.url_for("/old/feed.xml"))
    outcome = source_fetch(source=source)
    assert (outcome.status, outcome.created) == ("ok", 3)
    assert any("redirect" in warning for warning in outcome.warnings)


def test_success_records_health_and_schedules_the_next_poll(serve, source_at):
    source = source_at(
        serve("/rss20.xml", "rss20.xml"),
        poll_interval=timedelta(minutes=30),
        consecutive_failures=3,
        last_error="HTTP 500",
    )
    before = timezone.now()
    source_fetch(source=source)
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.last_error == ""
    assert source.last_success_at >= before
    assert source.last_attempt_at == source.last_success_at
    assert source.next_poll_at == source.last_success_at + timedelta(minutes=30)


def test_a_new_source_is_named_after_its_host_then_after_its_feed(
    serve, db, ingest_settings
):
    url = serve("/rss20.xml", "rss20.xml")
    source, created = source_get_or_create(url=url)
    assert created
    assert source.name == "localhost"
    source_fetch(source=source)
    source.refresh_from_db()
    assert source.name == "Critical Minerals Wire"


def test_a_page_source_is_not_renamed_after_one_article(serve, db, ingest_settings):
    url = serve("/article.html", "article.html", content_type="text/html")
    source, _ = source_get_or_create(url=url)
    source_fetch(source=source)
    source.refresh_from_db()
    assert source.name == "localhost"


def test_a_named_source_keeps_its_name(serve, source_at):
    source = source_at(serve("/rss20.xml", "rss20.xml"), name="CMW")
    source_fetch(source=source)
    source.refresh_from_db()
    assert source.name == "CMW"


def test_get_or_create_returns_the_existing_source_for_a_known_url(db):
    first, created = source_get_or_create(
        url="https://wire.example.com/feed", name="Wire", kind="rss"
    )
    again, created_again = source_get_or_create(url="https://wire.example.com/feed")
    assert created and not created_again
    assert again.pk == first.pk
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://wire.example.com/feed", "not a url", ""]
)
def test_get_or_create_refuses_links_that_are_not_http(db, url):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        source_get_or_create(url=url)
    assert "http or https" in " ".join(caught.value.messages)
    assert not Source.objects.exists()


def test_oversized_fields_are_cut_to_fit_and_stay_stable_across_fetches(
    httpserver, ingest_settings, source_at
):
    long_guid = "g" * 1500
    long_title = "Dysprosium " * 100
    long_author = "A. Writer " * 60
    long_link = "https://wire.example.com/" + "x" * 2500
    item = (
        f"<item><guid>{long_guid}</guid><title>{long_title}</title>"
        f"<author>{long_author}</author><link>{long_link}</link>"
        "<description>Text.</description></item>"
    )
    httpserver.expect_request("/feed").respond_with_data(
        _feed(item), content_type="application/rss+xml"
    )
    source = source_at(httpserver.url_for("/feed"))

    assert source_fetch(source=source).created == 1
    again = source_fetch(source=source)

    assert (again.created, again.unchanged) == (0, 1)
    report = Report.objects.get(source=source)
    assert len(report.title) <= 500 and report.title.endswith("…")
    assert len(report.guid) <= 1000
    assert len(report.author) <= 300
    assert report.canonical_url == ""  # a cut link would point somewhere else
    assert report.dedupe_key.startswith("guid-sha256:")


def test_nul_bytes_and_lone_surrogates_never_reach_the_database(
    httpserver, ingest_settings, source_at
):
    item = (
        "<item><guid>nul-1</guid><title>Terbium &#xD800;quotas \x00now</title>"
        "<link>https://wire.example.com/nul</link>"
        "<description>A lone &#xDC00;surrogate and a NUL \x00byte.</description>"
        "</item>"
    )
    httpserver.expect_request("/feed").respond_with_data(
        _feed(item), content_type="application/rss+xml"
    )
    source = source_at(httpserver.url_for("/feed"))

    outcome = source_fetch(source=source)

    assert (outcome.status, outcome.created) == ("ok", 1)
    report = Report.objects.get(source=source)
    assert report.title == "Terbium quotas now"
    assert report.text == "A lone surrogate and a NUL byte."


def test_mis_decoded_text_is_repaired_and_flagged_for_editors(serve, source_at):
    source = source_at(serve("/mojibake.xml", "mojibake.xml"))
    source_fetch(source=source)

    flagged = Report.objects.get(source=source, guid="mirror-dy-01")
    clean = Report.objects.get(source=source, guid="mirror-sc-01")
    assert flagged.encoding_suspect
    assert flagged.title == "China’s licence rules for dysprosium — what’s new"
    assert not clean.encoding_suspect


@pytest.mark.parametrize("items", [3, 40])
def test_a_fetch_runs_the_same_few_statements_however_many_items_it_holds(
    httpserver, ingest_settings, source_at, items
):
    feeds = [
        _feed(
            *(
                _item(f"g{n}", f"Note {n}", f"Edition one, item {n}.")
                for n in range(items)
            )
        ),
        _feed(
            *(
                _item(f"g{n}", f"Note {n}", f"Edition one, item {n}.")
                for n in range(items)
            )
        ),
        _feed(
            *(
                _item(f"g{n}", f"Note {n}", f"Edition two, item {n}.")
                for n in range(items)
            )
        ),
    ]
    httpserver.expect_request("/feed").respond_with_handler(
        lambda request: Response(feeds.pop(0), content_type="application/rss+xml")
    )
    source = source_at(httpserver.url_for("/feed"))

    statements = []
    for expected in ("created", "unchanged", "updated"):
        with CaptureQueriesContext(connection) as queries:
            outcome = source_fetch(source=source)
        assert getattr(outcome, expected) == items
        # Wagtail's search index is its own affair (its SQLite backend updates
        # one entry per statement); everything ingestion itself runs is counted.
        statements.append(
            [
                q["sql"]
                for q in queries.captured_queries
                if "wagtailsearch_" not in q["sql"]
                and "SAVEPOINT" not in q["sql"].upper()
            ]
        )
    created, unchanged, updated = map(len, statements)
    # On PostgreSQL the rows go by COPY into a scratch table, then one INSERT.
    assert created <= 7
    assert unchanged <= 3
    assert updated <= 7
