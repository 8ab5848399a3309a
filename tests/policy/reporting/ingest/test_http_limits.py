"""Bounded fetching: sizes, deadlines, redirect counts, validators and error lines."""

import socket
import threading
import time
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from werkzeug import Response

from policy.reporting.ingest import (
    FetchOptions,
    HTTPStatusError,
    RedirectLoop,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    fetch,
)
from policy.reporting.ingest.http import parse_retry_after

MIB = 1024 * 1024


def gzip_of_zeros(size: int) -> bytes:
    """A gzip stream that inflates to `size` zero bytes, built without holding them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MIB
    parts = [compressor.compress(block) for _ in range(size // MIB)]
    parts.append(compressor.flush())
    return b"".join(parts)


def test_gzip_bomb_is_refused_early(httpserver, allowlist):
    bomb = gzip_of_zeros(256 * MIB)
    assert len(bomb) < MIB // 2  # the wire size is small; the inflated size is not
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/rss+xml"
    )
    options = FetchOptions(private_allowlist=allowlist, max_bytes=MIB)
    started = time.monotonic()
    with pytest.raises(TooLarge) as caught:
        fetch(httpserver.url_for("/bomb"), options=options)
    assert time.monotonic() - started < 2
    assert str(caught.value) == "too large: over 1 MiB"


def test_gzip_body_within_the_cap_is_decompressed(httpserver, options):
    body = b"<rss>" + b"dysprosium " * 1000 + b"</rss>"
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    gz = compressor.compress(body) + compressor.flush()
    httpserver.expect_request("/feed").respond_with_data(
        gz, headers={"Content-Encoding": "gzip"}
    )
    assert fetch(httpserver.url_for("/feed"), options=options).content == body


def test_deflate_body_is_decompressed(httpserver, options):
    body = b"terbium " * 500
    httpserver.expect_request("/feed").respond_with_data(
        zlib.compress(body), headers={"Content-Encoding": "deflate"}
    )
    assert fetch(httpserver.url_for("/feed"), options=options).content == body


def test_oversize_plain_body_is_refused(httpserver, allowlist):
    httpserver.expect_request("/big").respond_with_data(b"x" * (MIB + 1))
    options = FetchOptions(private_allowlist=allowlist, max_bytes=MIB)
    with pytest.raises(TooLarge):
        fetch(httpserver.url_for("/big"), options=options)


def test_oversize_streamed_body_without_length_is_refused(httpserver, allowlist):
    def endless(request):
        def chunks():
            for _ in range(1000):
                yield b"y" * 65536

        return Response(chunks(), direct_passthrough=True)

    httpserver.expect_request("/stream").respond_with_handler(endless)
    options = FetchOptions(private_allowlist=allowlist, max_bytes=MIB)
    started = time.monotonic()
    with pytest.raises(TooLarge):
        fetch(httpserver.url_for("/stream"), options=options)
    assert time.monotonic() - started < 2


def test_body_exactly_at_the_cap_is_accepted(httpserver, allowlist):
    httpserver.expect_request("/exact").respond_with_data(b"z" * 1024)
    options = FetchOptions(private_allowlist=allowlist, max_bytes=1024)
    assert len(fetch(httpserver.url_for("/exact"), options=options).content) == 1024


def test_slow_drip_body_is_cut_off_at_the_deadline(httpserver, allowlist):
    def drip(request):
        def one_byte_at_a_time():
            for _ in range(40):
                time.sleep(0.2)
                yield b"."

        return Response(one_byte_at_a_time(), direct_passthrough=True)

    httpserver.expect_request("/drip").respond_with_handler(drip)
    deadline = 1.5
    options = FetchOptions(
        private_allowlist=allowlist, read_timeout=1.0, total_timeout=deadline
    )
    started = time.monotonic()
    with pytest.raises(TimedOut) as caught:
        fetch(httpserver.url_for("/drip"), options=options)
    elapsed = time.monotonic() - started
    assert elapsed < deadline + 0.5
    assert str(caught.value).startswith("timed out after ")


@pytest.fixture
def header_drip_server():
    """A raw TCP server that sends its status line and headers a byte at a time."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def serve():
        listener.settimeout(5)
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            try:
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
                    if stop.wait(0.1):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()
    thread.join(2)


def test_server_dripping_headers_is_cut_off_at_the_deadline(header_drip_server):
    port = header_drip_server
    options = FetchOptions(
        private_allowlist={("127.0.0.1", port)}, read_timeout=1.0, total_timeout=1.0
    )
    started = time.monotonic()
    with pytest.raises(TimedOut):
        fetch(f"http://127.0.0.1:{port}/", options=options)
    assert time.monotonic() - started < 1.5


def test_conditional_get_reports_not_modified(httpserver, options):
    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            "<rss/>",
            headers={"ETag": '"v1"', "Last-Modified": "Mon, 10 Nov 2025 08:00:00 GMT"},
        )

    httpserver.expect_request("/feed").respond_with_handler(feed)
    first = fetch(httpserver.url_for("/feed"), options=options)
    assert first.etag == '"v1"'
    assert first.last_modified == "Mon, 10 Nov 2025 08:00:00 GMT"
    assert not first.not_modified

    second = fetch(
        httpserver.url_for("/feed"),
        options=options,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert second.not_modified
    assert second.status == 304
    assert second.content == b""
    request, _ = httpserver.log[-1]
    assert request.headers["If-Modified-Since"] == "Mon, 10 Nov 2025 08:00:00 GMT"


def test_error_status_raises_with_the_status(httpserver, options):
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    with pytest.raises(HTTPStatusError) as caught:
        fetch(httpserver.url_for("/gone"), options=options)
    assert caught.value.status == 404
    assert str(caught.value) == "HTTP 404"


def test_retry_after_in_seconds_is_carried_on_the_error(httpserver, options):
    httpserver.expect_request("/busy").respond_with_data(
        "", status=503, headers={"Retry-After": "120"}
    )
    with pytest.raises(HTTPStatusError) as caught:
        fetch(httpserver.url_for("/busy"), options=options)
    assert caught.value.retry_after == 120
    assert str(caught.value) == "HTTP 503, retry after 120 s"


def test_retry_after_as_an_http_date_is_read_as_seconds():
    now = datetime(2025, 11, 10, 8, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(later, now=now) == 300
    assert parse_retry_after("soon", now=now) is None


def chain(httpserver, length, *, prefix="r"):
    for i in range(length):
        httpserver.expect_request(f"/{prefix}{i}").respond_with_data(
            "", status=302, headers={"Location": f"/{prefix}{i + 1}"}
        )
    httpserver.expect_request(f"/{prefix}{length}").respond_with_data("arrived")


def test_five_redirects_are_followed(httpserver, options):
    chain(httpserver, 5)
    response = fetch(httpserver.url_for("/r0"), options=options)
    assert response.content == b"arrived"
    assert len(response.redirects) == 5


def test_a_sixth_redirect_is_too_many(httpserver, options):
    chain(httpserver, 6)
    with pytest.raises(TooManyRedirects) as caught:
        fetch(httpserver.url_for("/r0"), options=options)
    assert str(caught.value) == "too many redirects (more than 5)"


def test_a_redirect_loop_is_an_error(httpserver, options):
    httpserver.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": "/b"}
    )
    httpserver.expect_request("/b").respond_with_data(
        "", status=307, headers={"Location": "/a#again"}
    )
    with pytest.raises(RedirectLoop) as caught:
        fetch(httpserver.url_for("/a"), options=options)
    assert str(caught.value) == f"redirect loop at {httpserver.url_for('/a')}"


def test_fetch_errors_read_as_one_line(httpserver, options):
    httpserver.expect_request("/bad").respond_with_data(
        "", status=500, headers={"Retry-After": "60"}
    )
    with pytest.raises(HTTPStatusError) as caught:
        fetch(httpserver.url_for("/bad"), options=options)
    assert "\n" not in str(caught.value)


def test_user_agent_and_accept_headers_are_sent(httpserver, options):
    httpserver.expect_request("/feed").respond_with_data("ok")
    fetch(httpserver.url_for("/feed"), options=options)
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("rexchange-ingest/")
    assert "application/rss+xml" in request.headers["Accept"]
    assert request.headers["Accept-Encoding"] == "gzip, deflate"
