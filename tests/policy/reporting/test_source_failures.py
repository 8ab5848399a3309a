"""A failing source says why in one line, backs off and leaves earlier reports alone."""

import random
import time
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from werkzeug import Response

from policy.reporting.models import Report, Source
from policy.reporting.services import source_backoff, source_fetch
from tests.factories.ingestion import ReportFactory, SourceFactory

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def gzip_of_zeros(size: int) -> bytes:
    """A gzip stream that inflates to `size` zero bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MIB
    return b"".join(compressor.compress(block) for _ in range(size // MIB)) + (
        compressor.flush()
    )


def _drip(request):
    def one_byte_at_a_time():
        for _ in range(60):
            time.sleep(0.2)
            yield b"."

    return Response(one_byte_at_a_time(), direct_passthrough=True)


def _hostile(httpserver, fixture_bytes, case: str) -> str:
    """Set up one hostile case on the local server; return the source URL."""
    if case == "private address":
        return "http://10.0.0.1/feed.xml"
    if case == "redirect to a private address":
        httpserver.expect_request("/r").respond_with_data(
            "", status=302, headers={"Location": "http://127.0.0.1:6379/"}
        )
    elif case == "gzip bomb":
        httpserver.expect_request("/r").respond_with_data(
            gzip_of_zeros(64 * MIB),
            headers={"Content-Encoding": "gzip"},
            content_type="application/rss+xml",
        )
    elif case == "oversize":
        httpserver.expect_request("/r").respond_with_data(b"<rss>" + b"x" * MIB)
    elif case == "slow drip":
        httpserver.expect_request("/r").respond_with_handler(_drip)
    elif case in ("garbage", "billion laughs", "external entity"):
        name = {
            "garbage": "garbage.bin",
            "billion laughs": "billion-laughs.xml",
            "external entity": "external-entity.xml",
        }[case]
        httpserver.expect_request("/r").respond_with_data(
            fixture_bytes(name), content_type="application/rss+xml"
        )
    elif case == "not found":
        httpserver.expect_request("/r").respond_with_data("gone", status=404)
    elif case == "redirect loop":
        httpserver.expect_request("/r").respond_with_data(
            "", status=302, headers={"Location": "/r2"}
        )
        httpserver.expect_request("/r2").respond_with_data(
            "", status=302, headers={"Location": "/r"}
        )
    return httpserver.url_for("/r")


ENTITIES_REFUSED = "refused: XML entity declarations"
HOSTILE = {
    "private address": "refused: private address 10.0.0.1:80",
    "redirect to a private address": (
        "refused: redirect to private address 127.0.0.1:6379"
    ),
    "gzip bomb": "too large: over 1 MiB",
    "oversize": "too large: over 1 MiB",
    "slow drip": "timed out after",
    "garbage": "not a feed and no article text found",
    "billion laughs": ENTITIES_REFUSED,
    "external entity": ENTITIES_REFUSED,
    "not found": "HTTP 404",
    "redirect loop": "redirect loop at",
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_source_fails_with_a_readable_reason_and_stores_nothing(
    httpserver, ingest_settings, fixture_bytes, case
):
    ingest_settings.INGEST_MAX_BYTES = MIB
    ingest_settings.INGEST_READ_TIMEOUT = 1.0
    ingest_settings.INGEST_TOTAL_TIMEOUT = 1.5
    source = SourceFactory(url=_hostile(httpserver, fixture_bytes, case))
    earlier = ReportFactory(source=source, title="Earlier report")
    before = timezone.now()
    started = time.monotonic()

    outcome = source_fetch(source=source)

    assert time.monotonic() - started < 3
    assert outcome.status == "error"
    assert outcome.error.startswith(HOSTILE[case])
    assert "\n" not in outcome.error
    assert (outcome.created, outcome.updated) == (0, 0)
    source.refresh_from_db()
    assert source.last_error == outcome.error
    assert source.consecutive_failures == 1
    assert source.last_attempt_at >= before
    assert source.last_success_at is None
    assert source.next_poll_at > before
    assert list(Report.objects.all()) == [earlier]
    earlier_again = Report.objects.get()
    assert (earlier_again.title, earlier_again.text) == (earlier.title, earlier.text)


def test_an_external_entity_feed_leaves_no_file_contents_anywhere_in_the_database(
    httpserver, ingest_settings, fixture_bytes
):
    secret = Path("/etc/passwd").read_text().splitlines()[0]
    source = SourceFactory(
        url=_hostile(httpserver, fixture_bytes, "external entity"), name="XXE"
    )
    source_fetch(source=source)

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                leaked = model._default_manager.filter(
                    **{f"{field.name}__contains": secret}
                )
                assert not leaked.exists(), f"{model.__name__}.{field.name}"


def test_a_feed_with_recoverable_errors_keeps_the_items_it_could_read(
    httpserver, ingest_settings
):
    # Unclosed channel and an unescaped ampersand: readable, though not valid XML.
    broken = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        b"<item><guid>a</guid><title>Gadolinium & terbium</title>"
        b"<link>https://wire.example.com/a</link><description>One.</description>"
        b"</item><item><guid>b</guid><title>Yttrium</title>"
        b"<link>https://wire.example.com/b</link><description>Two.</description>"
        b"</item>"
    )
    httpserver.expect_request("/feed").respond_with_data(
        broken, content_type="application/rss+xml"
    )
    source = SourceFactory(url=httpserver.url_for("/feed"))

    outcome = source_fetch(source=source)

    assert (outcome.status, outcome.created) == ("ok", 2)
    assert any("kept the items" in warning for warning in outcome.warnings)


def test_each_failure_in_a_row_doubles_the_wait(httpserver, ingest_settings):
    httpserver.expect_request("/feed").respond_with_data("down", status=500)
    source = SourceFactory(
        url=httpserver.url_for("/feed"), poll_interval=timedelta(hours=1)
    )
    waits = []
    for _ in range(4):
        before = timezone.now()
        source_fetch(source=source)
        source.refresh_from_db()
        waits.append((source.next_poll_at - before) / timedelta(hours=1))

    assert source.consecutive_failures == 4
    assert source.last_error == "HTTP 500"
    for wait, expected in zip(waits, [1, 2, 4, 8], strict=True):
        assert expected * 0.89 <= wait <= expected * 1.11


def test_the_wait_stops_growing_at_the_cap_give_or_take_the_jitter():
    rng = random.Random(4)
    waits = [
        source_backoff(interval=timedelta(hours=1), failures=n, rng=rng)
        for n in (6, 10, 40, 5000)
    ]
    for wait in waits:
        assert timedelta(hours=24 * 0.9) <= wait <= timedelta(hours=24 * 1.1)


def test_jitter_spreads_sources_that_failed_together():
    rng = random.Random(7)
    waits = {
        source_backoff(interval=timedelta(hours=1), failures=2, rng=rng)
        for _ in range(20)
    }
    assert len(waits) > 15
    assert all(timedelta(minutes=108) <= w <= timedelta(minutes=132) for w in waits)


def test_a_success_after_failures_resets_the_count_and_the_schedule(
    httpserver, ingest_settings, fixture_bytes
):
    answers = [Response("down", status=502), Response("down", status=502)]
    answers.append(
        Response(fixture_bytes("rss20.xml"), content_type="application/rss+xml")
    )
    httpserver.expect_request("/feed").respond_with_handler(
        lambda request: answers.pop(0)
    )
    source = SourceFactory(url=httpserver.url_for("/feed"))
    source_fetch(source=source)
    source_fetch(source=source)
    assert source.consecutive_failures == 2

    outcome = source_fetch(source=source)

    source.refresh_from_db()
    assert outcome.status == "ok"
    assert (source.consecutive_failures, source.last_error) == (0, "")
    assert source.next_poll_at == source.last_success_at + source.poll_interval


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_delays_only_the_source_that_was_told_to_wait(
    httpserver, ingest_settings, status
):
    httpserver.expect_request("/busy").respond_with_data(
        "", status=status, headers={"Retry-After": "36000"}
    )
    httpserver.expect_request("/down").respond_with_data("", status=500)
    busy = SourceFactory(url=httpserver.url_for("/busy"))
    other = SourceFactory(url=httpserver.url_for("/down"))
    before = timezone.now()

    source_fetch(source=busy)
    source_fetch(source=other)

    busy.refresh_from_db()
    other.refresh_from_db()
    assert busy.last_error == f"HTTP {status}, retry after 36000 s"
    assert busy.next_poll_at >= before + timedelta(hours=10)
    assert other.next_poll_at <= before + timedelta(hours=1.2)


def test_retry_after_is_not_honoured_on_other_statuses(httpserver, ingest_settings):
    httpserver.expect_request("/gone").respond_with_data(
        "", status=404, headers={"Retry-After": "36000"}
    )
    source = SourceFactory(url=httpserver.url_for("/gone"))
    before = timezone.now()
    source_fetch(source=source)
    source.refresh_from_db()
    assert source.next_poll_at <= before + timedelta(hours=1.2)


def test_a_server_cannot_park_a_source_for_a_year():
    wait = source_backoff(
        interval=timedelta(hours=1), failures=1, retry_after=365 * 86400
    )
    assert wait == timedelta(days=7)


def test_a_refused_connection_is_a_source_failure_with_the_reason(
    ingest_settings, unused_port
):
    ingest_settings.INGEST_PRIVATE_ALLOWLIST = f"127.0.0.1:{unused_port}"
    source = SourceFactory(url=f"http://127.0.0.1:{unused_port}/feed")
    outcome = source_fetch(source=source)
    assert outcome.status == "error"
    assert outcome.error.startswith("could not connect to 127.0.0.1")
    assert Source.objects.get().consecutive_failures == 1
