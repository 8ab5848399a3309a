"""Benchmark ingestion of a generated 2,000-item feed (a measurement, not a test).

Prints, from one run on the same bytes, items per second for fastfeedparser and
feedparser alone and for our parse (reading, sanitizing, canonical links, the
encoding gate and dedupe), with our speed as a share of each; then a whole
fetch through the service (HTTP from a local server, parse, store) on the
configured database, with the SQL statements each fetch ran. Everything
written is rolled back.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fastfeedparser
import feedparser
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from policy.reporting.ingest import parse_content
from policy.reporting.models import Report, Source
from policy.reporting.services import reports_index, source_fetch

ELEMENTS = ["samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "yttrium"]
# The targets: our parse at 5 % of fastfeedparser's items/s or better,
# and a fetch that stores 2,000 new items at 2,000 items/s or better.
PARSE_TARGET = 0.05
STORE_TARGET = 2000


class Rollback(Exception):
    """Raised to undo everything the benchmark stored."""


def generated_feed(items: int, *, edition: int = 1) -> bytes:
    """An RSS 2.0 feed of `items` distinct items; a new edition changes their text."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        "<channel><title>Benchmark Wire</title><link>https://bench.example.com/</link>",
        "<description>Generated items.</description>",
    ]
    for n in range(items):
        element = ELEMENTS[n % len(ELEMENTS)]
        when = format_datetime(start + timedelta(hours=n))
        parts.append(
            f"<item><guid isPermaLink='false'>bench-{n}</guid>"
            f"<title>{element.title()} licence note {n}</title>"
            f"<link>https://bench.example.com/notes/{n}?utm_source=rss</link>"
            f"<pubDate>{when}</pubDate><author>desk@bench.example.com (Desk)</author>"
            f"<description>Exporters of {element} report licence decision {n}."
            "</description><content:encoded><![CDATA["
            f"<p>Edition {edition}: the ministry approved some {element} licences; "
            f"volumes were not disclosed (item {n}).</p>"
            f"<p>Traders in <em>{element}</em> oxide and metal say the approvals "
            "cover exporters with a clean compliance record and enough export "
            "history, and that case-by-case review continues for everyone else. "
            "Neither the list of firms nor the products, destinations or the "
            "length of each licence has been published.</p>"
            "<ul><li>Scope: general licences for a subset of exporters</li>"
            "<li>Unchanged: the control list itself</li>"
            "<li>Undisclosed: volumes and destinations</li></ul>"
            "<blockquote>Consolidation, not liberalisation.</blockquote>"
            f'<p>See <a href="/notes/{n}/annex">the annex</a> and '
            f'<a href="javascript:alert({n})">this</a>.</p>'
            "<script>alert(1)</script>]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of a few runs in CPU seconds: the least disturbed measurement."""
    # CPU time of this process, not wall time: on a busy machine a 30 ms run
    # and a 500 ms run are not interrupted alike, and the ratio is what counts.
    timings = []
    for _ in range(runs):
        started = time.process_time()
        work()
        timings.append(time.process_time() - started)
    return min(timings)


class _FeedServer:
    """A local HTTP server that serves whatever feed bytes it is given."""

    def __init__(self) -> None:
        self.body = b""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class Command(BaseCommand):
    help = "Benchmark parsing and storing a generated feed; nothing is kept."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, **options):
        items, runs = options["items"], options["runs"]
        feed = generated_feed(items)
        self.stdout.write(
            f"Feed: {items} items, {len(feed) / 1024 / 1024:.2f} MiB; "
            f"database: {connection.vendor}; best of {runs} runs"
            " (parsing in CPU time, fetches in wall time)."
        )
        fastest = best_of(runs, lambda: fastfeedparser.parse(feed))
        alone = best_of(runs, lambda: feedparser.parse(io.BytesIO(feed)))
        feed_url = "https://bench.example.com/feed.xml"
        ours = best_of(runs, lambda: parse_content(feed, url=feed_url, kind="rss"))
        self._line("fastfeedparser alone", items, fastest)
        self._line("feedparser alone", items, alone)
        share = fastest / ours
        self._line(
            "parse (policy.reporting.ingest)",
            items,
            ours,
            baseline=alone,
            extra=(
                f"{share:.3f}x fastfeedparser's speed "
                f"({'meets' if share >= PARSE_TARGET else 'misses'} the "
                f"{PARSE_TARGET:.2f}x target)"
            ),
        )

        with _FeedServer() as server:
            url = f"http://127.0.0.1:{server.port}/feed.xml"
            allow = f"127.0.0.1:{server.port}"
            with override_settings(INGEST_PRIVATE_ALLOWLIST=allow):
                self._fetches(server, url, feed, items, alone)

    def _fetches(self, server, url, feed, items, alone) -> None:
        rounds = [
            ("fetch + store, all new", feed),
            ("fetch + store, unchanged", feed),
            ("fetch + store, all updated", generated_feed(items, edition=2)),
        ]
        try:
            with transaction.atomic():
                source = Source.objects.create(name="Benchmark", url=url)
                for label, body in rounds:
                    server.body = body
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        cpu = time.process_time()
                        outcome = source_fetch(source=source)
                        elapsed = time.perf_counter() - started
                        cpu = time.process_time() - cpu
                    if outcome.status != "ok":
                        self.stderr.write(f"{label}: {outcome.error}")
                        return
                    # The benchmark's own rollback turns the fetch's transaction
                    # into a savepoint; those two statements are not the fetch's.
                    statements = [
                        q["sql"]
                        for q in queries.captured_queries
                        if "SAVEPOINT" not in q["sql"].upper()
                    ]
                    # Wagtail's search index is counted apart: its SQLite backend
                    # rewrites an existing entry with one UPDATE per object.
                    search = [s for s in statements if "wagtailsearch_" in s]
                    extra = f"{len(statements) - len(search)} SQL statements"
                    if search:
                        extra += f" + {len(search)} for the search index"
                    extra += (
                        f" ({outcome.created} created, {outcome.updated} updated, "
                        f"{outcome.unchanged} unchanged); {cpu * 1000:,.0f} ms of "
                        "it this process's CPU"
                    )
                    if outcome.created == items:
                        rate = items / elapsed
                        verdict = "meets" if rate >= STORE_TARGET else "misses"
                        extra += f"; {verdict} the {STORE_TARGET:,} items/s target"
                    self._line(label, items, elapsed, baseline=alone, extra=extra)
                    if outcome.created == items:
                        self._index(source, items)
                raise Rollback
        except Rollback:
            pass

    def _index(self, source, items) -> None:
        """Time the search indexing a task does after the fetch has committed."""
        ids = list(Report.objects.filter(source=source).values_list("pk", flat=True))
        started = time.perf_counter()
        reports_index(report_ids=ids)
        self._line(
            "  then the search index task",
            items,
            time.perf_counter() - started,
            extra="(runs after the fetch commits, not part of it)",
        )

    def _line(self, label, items, seconds, *, baseline=None, extra=""):
        rate = items / seconds
        text = f"{label:<28} {rate:>9,.0f} items/s  ({seconds * 1000:,.0f} ms)"
        if baseline is not None:
            text += f"  {baseline / seconds:.2f}x feedparser's speed"
        if extra:
            text += f"  {extra}"
        self.stdout.write(text)
