"""The one guarded HTTP client every outbound ingest request goes through.

The address guard sits at the connection level: the network backend resolves the
host once, checks every resolved address, then connects to that exact IP. httpx
still sends the original Host header and TLS SNI, so DNS rebinding between the
check and the connect has nothing to slip through. Every redirect hop is a new
request through the same backend, so every hop is checked.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx

from .errors import (
    MIB,
    BadResponse,
    BadScheme,
    BadURL,
    ConnectFailed,
    FetchError,
    HTTPStatusError,
    RedirectLoop,
    RefusedAddress,
    TimedOut,
    TooLarge,
    TooManyRedirects,
)

__all__ = [
    "FetchOptions",
    "FetchResponse",
    "Resolver",
    "check_addresses",
    "fetch",
    "is_public_address",
    "parse_allowlist",
    "parse_retry_after",
    "post",
]

DEFAULT_USER_AGENT = "rexchange-ingest/1.0 (+https://rexchange.example/about/ingest)"
DEFAULT_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ALLOWED_SCHEMES = frozenset({"http", "https"})

# ipaddress's own flags miss these in Python 3.11: shared address space (CGNAT)
# is not "private", and NAT64 carries an IPv4 address a gateway will reach.
_SHARED_V4 = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64_V6 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL_V6 = ipaddress.IPv6Network("64:ff9b:1::/48")

# Host spellings that C's inet_aton reads as IPv4 (2130706433, 0x7f000001, 127.1).
_NUMERIC_HOST = re.compile(r"[0-9a-fA-FxX.]+")

Resolver = Callable[[str, int], Sequence[str]]
"""Turns (host, port) into IP address strings; injectable for tests."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """Limits and allowances for one fetch; build once from settings, reuse."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 30.0
    max_bytes: int = 5 * MIB
    max_redirects: int = 5
    private_allowlist: Collection[tuple[str, int]] = field(default_factory=frozenset)
    user_agent: str = DEFAULT_USER_AGENT
    accept: str = DEFAULT_ACCEPT
    resolver: Resolver | None = None
    ssl_context: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        allow = frozenset(
            (_normalize_host(host), int(port)) for host, port in self.private_allowlist
        )
        object.__setattr__(self, "private_allowlist", allow)
        if min(self.connect_timeout, self.read_timeout, self.total_timeout) <= 0:
            raise ValueError("timeouts must be positive")
        if self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError("max_bytes must be positive and max_redirects >= 0")


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchResponse:
    """What a successful fetch (or a 304) gives back."""

    url: str
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    retry_after: float | None
    not_modified: bool
    redirects: tuple[str, ...] = ()


def parse_allowlist(value: str) -> frozenset[tuple[str, int]]:
    """Parse "host:port,[::1]:8080" (INGEST_PRIVATE_ALLOWLIST) into exact pairs."""
    pairs: set[tuple[str, int]] = set()
    for raw in value.split(","):
        item = raw.strip()
        if not item:
            continue
        match = re.fullmatch(r"\[([^\]]+)\]:(\d+)|([^:\[\]\s]+):(\d+)", item)
        if match is None:
            raise ValueError(f"allowlist entry {item!r} is not host:port")
        host = match.group(1) or match.group(3)
        port = int(match.group(2) or match.group(4))
        if not 0 < port < 65536:
            raise ValueError(f"allowlist entry {item!r} has an invalid port")
        pairs.add((_normalize_host(host), port))
    return frozenset(pairs)


def is_public_address(address: str) -> bool:
    """True when an IP address is globally routable and safe to connect to."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv6 address that carries an IPv4 one is judged by that IPv4 address.
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public_address(str(embedded))
        if ip in _NAT64_LOCAL_V6 or ip.is_site_local:
            return False
    elif ip in _SHARED_V4:
        return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_addresses(
    *,
    host: str,
    port: int,
    addresses: Sequence[str],
    allowlist: Collection[tuple[str, int]] = frozenset(),
) -> None:
    """Raise RefusedAddress unless every resolved address may be connected to."""
    # Every address must pass, not just one: a name that answers with a public
    # and a private address is exactly what a rebinding attack looks like.
    if (_normalize_host(host), port) in allowlist:
        return
    if not addresses:
        raise ConnectFailed(host=host, reason="the name has no addresses")
    for address in addresses:
        if (_normalize_host(address), port) in allowlist:
            continue
        if not is_public_address(address):
            raise RefusedAddress(host=host, address=_display(address), port=port)


def parse_retry_after(
    value: str | None, *, now: datetime | None = None
) -> float | None:
    """Read a Retry-After header (seconds or an HTTP date) as seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, round((when - now).total_seconds()))


def fetch(
    url: str,
    *,
    options: FetchOptions | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResponse:
    """GET a URL through the address guard, with limits, redirects and validators."""
    options = options or FetchOptions()
    started = time.monotonic()
    deadline = _Deadline(started + options.total_timeout)
    # Only encodings _BoundedDecoder can inflate in bounded pieces.
    headers = {
        "User-Agent": options.user_agent,
        "Accept": options.accept,
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    backend = _GuardedBackend(
        allowlist=options.private_allowlist,
        resolver=options.resolver or _system_resolver,
        deadline=deadline,
    )
    timeout = httpx.Timeout(
        connect=min(options.connect_timeout, options.total_timeout),
        read=min(options.read_timeout, options.total_timeout),
        write=min(options.read_timeout, options.total_timeout),
        pool=min(options.connect_timeout, options.total_timeout),
    )
    current = _checked_url(url, redirect=False)
    visited = {str(current)}
    redirects: list[str] = []
    # trust_env=False: a proxy from the environment would move the connection
    # (and so the address check) to the proxy, away from the real destination.
    with httpx.Client(
        transport=_GuardedTransport(
            backend=backend, ssl_context=options.ssl_context or _ssl_context()
        ),
        trust_env=False,
        follow_redirects=False,
        timeout=timeout,
        headers=headers,
    ) as client:
        while True:
            try:
                with client.stream("GET", current) as response:
                    target = _redirect_target(response, current)
                    if target is None:
                        return _finish(
                            response,
                            url=str(current),
                            redirects=tuple(redirects),
                            options=options,
                            deadline=deadline,
                        )
            except RefusedAddress as exc:
                raise (exc.as_redirect() if redirects else exc) from None
            except (httpx.TimeoutException, httpcore.TimeoutException):
                raise TimedOut(seconds=time.monotonic() - started) from None
            except httpx.ConnectError as exc:
                raise ConnectFailed(
                    host=current.host, reason=_reason(exc, "connection failed")
                ) from None
            except httpx.RemoteProtocolError as exc:
                # httpx parses Location itself, even when not following it.
                if "location header" in str(exc).lower():
                    raise BadURL(
                        url=str(current), reason=f"redirect to an invalid link ({exc})"
                    ) from None
                raise BadResponse(reason=_reason(exc, "protocol error")) from None
            except httpx.HTTPError as exc:
                raise BadResponse(reason=_reason(exc, type(exc).__name__)) from None
            if str(target) in visited:
                raise RedirectLoop(url=str(target))
            if len(redirects) >= options.max_redirects:
                raise TooManyRedirects(limit=options.max_redirects)
            visited.add(str(target))
            redirects.append(str(target))
            current = target


def post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    options: FetchOptions | None = None,
) -> int:
    """POST a body through the same address guard and limits as `fetch`; returns
    the status. Redirects are not followed (a moved receiver is a failure), and
    at most 64 KiB of the answer is read."""
    options = options or FetchOptions()
    started = time.monotonic()
    deadline = _Deadline(started + options.total_timeout)
    backend = _GuardedBackend(
        allowlist=options.private_allowlist,
        resolver=options.resolver or _system_resolver,
        deadline=deadline,
    )
    timeout = httpx.Timeout(
        connect=min(options.connect_timeout, options.total_timeout),
        read=min(options.read_timeout, options.total_timeout),
        write=min(options.read_timeout, options.total_timeout),
        pool=min(options.connect_timeout, options.total_timeout),
    )
    target = _checked_url(url, redirect=False)
    with httpx.Client(
        transport=_GuardedTransport(
            backend=backend, ssl_context=options.ssl_context or _ssl_context()
        ),
        trust_env=False,
        follow_redirects=False,
        timeout=timeout,
        headers={"User-Agent": options.user_agent},
    ) as client:
        try:
            with client.stream("POST", target, content=body, headers=headers) as r:
                read = 0
                for raw in r.iter_raw():
                    deadline.check()
                    read += len(raw)
                    if read > 64 * 1024:
                        break
                return r.status_code
        except (httpx.TimeoutException, httpcore.TimeoutException):
            raise TimedOut(seconds=time.monotonic() - started) from None
        except httpx.ConnectError as exc:
            raise ConnectFailed(
                host=target.host, reason=_reason(exc, "connection failed")
            ) from None
        except httpx.HTTPError as exc:
            raise BadResponse(reason=_reason(exc, type(exc).__name__)) from None


def _finish(
    response: httpx.Response,
    *,
    url: str,
    redirects: tuple[str, ...],
    options: FetchOptions,
    deadline: _Deadline,
) -> FetchResponse:
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    status = response.status_code
    not_modified = status == 304
    if not not_modified and not 200 <= status < 300:
        raise HTTPStatusError(status=status, retry_after=retry_after)
    content = b"" if not_modified else _read_body(response, options, deadline)
    return FetchResponse(
        url=url,
        status=status,
        content=content,
        content_type=response.headers.get("content-type"),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        retry_after=retry_after,
        not_modified=not_modified,
        redirects=redirects,
    )


def _read_body(
    response: httpx.Response, options: FetchOptions, deadline: _Deadline
) -> bytes:
    limit = options.max_bytes
    encoding = response.headers.get("content-encoding", "identity")
    declared = response.headers.get("content-length", "")
    if encoding.strip().lower() in ("", "identity") and declared.isdigit():
        if int(declared) > limit:
            raise TooLarge(limit=limit)
    decoder = _BoundedDecoder(encoding)
    size = wire_size = 0
    chunks: list[bytes] = []
    # Size is counted after decompression, piece by bounded piece, so a gzip
    # bomb is stopped after at most `limit` bytes of output, not after inflating.
    # The wire size is capped too: compressed padding that inflates to nothing
    # would otherwise stream until the deadline.
    for raw in response.iter_raw():
        deadline.check()
        wire_size += len(raw)
        if wire_size > limit:
            raise TooLarge(limit=limit)
        for piece in decoder.feed(raw):
            size += len(piece)
            if size > limit:
                raise TooLarge(limit=limit)
            chunks.append(piece)
    for piece in decoder.flush():
        size += len(piece)
        if size > limit:
            raise TooLarge(limit=limit)
        chunks.append(piece)
    return b"".join(chunks)


def _redirect_target(response: httpx.Response, current: httpx.URL) -> httpx.URL | None:
    if response.status_code not in REDIRECT_STATUSES:
        return None
    location = response.headers.get("location")
    if not location:
        return None
    try:
        target = current.join(location.strip())
    except httpx.InvalidURL as exc:
        raise BadURL(url=location, reason=f"bad redirect target ({exc})") from None
    return _checked_url(target, redirect=True)


def _checked_url(url: str | httpx.URL, *, redirect: bool) -> httpx.URL:
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise BadURL(url=str(url), reason=str(exc)) from None
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise BadScheme(url=str(url), scheme=parsed.scheme, redirect=redirect)
    if not parsed.host:
        raise BadURL(url=str(url), reason="the link has no host name")
    return parsed.copy_with(fragment=None)


def _reason(exc: Exception, fallback: str) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else fallback


def _normalize_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _display(address: str) -> str:
    # Python 3.11 prints ::ffff:127.0.0.1 as ::ffff:7f00:1; editors need the former.
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return f"::ffff:{ip.ipv4_mapped}"
    return str(ip)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64_V6:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def _literal_addresses(host: str) -> list[str] | None:
    """The address a host names by itself, in any spelling, without DNS."""
    bare = _normalize_host(host)
    try:
        return [str(ipaddress.ip_address(bare.split("%", 1)[0]))]
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(bare) and any(ch.isdigit() for ch in bare):
        try:
            return [socket.inet_ntoa(socket.inet_aton(bare))]
        except OSError:
            return None
    return None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _resolve(resolver: Resolver, host: str, port: int, *, timeout: float) -> list[str]:
    """Resolve in a daemon thread: getaddrinfo has no timeout of its own."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["addresses"] = list(resolver(host, port))
        except Exception as exc:  # noqa: BLE001 - handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="ingest-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"resolving {host} timed out")
    if "error" in outcome:
        raise ConnectFailed(host=host, reason="no such host") from outcome["error"]
    seen: dict[str, None] = {}
    for address in outcome["addresses"]:
        try:
            seen[str(ipaddress.ip_address(str(address).split("%", 1)[0]))] = None
        except ValueError:
            continue  # a resolver answer that is no address is no answer
    return list(seen)


class _Deadline:
    """The whole-response deadline, shared by every socket operation of a fetch."""

    def __init__(self, at: float) -> None:
        self.at = at

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise httpcore.ReadTimeout("total deadline exceeded")

    def clamp(self, timeout: float | None) -> float:
        # httpx timeouts apply per socket operation; clamping each one to what
        # is left of the deadline makes a byte-a-second drip time out on time.
        self.check()
        remaining = self.remaining()
        return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, self._deadline.clamp(timeout)
        )
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolve once, check every address, connect to the checked IP itself."""

    def __init__(
        self,
        *,
        allowlist: Collection[tuple[str, int]],
        resolver: Resolver,
        deadline: _Deadline,
    ) -> None:
        self._allowlist = allowlist
        self._resolver = resolver
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _literal_addresses(host)
        if addresses is None:
            addresses = _resolve(
                self._resolver, host, port, timeout=self._deadline.clamp(timeout)
            )
        check_addresses(
            host=host, port=port, addresses=addresses, allowlist=self._allowlist
        )
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=self._deadline.clamp(timeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        assert failure is not None  # noqa: S101 - addresses is never empty here
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchError("refused: unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs milliseconds; one context serves every fetch.
    return httpx.create_ssl_context()


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool on the guarded backend."""

    def __init__(
        self, *, backend: _GuardedBackend, ssl_context: ssl.SSLContext
    ) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx has no public hook for the network backend; swapping the pool it
        # just built keeps every other behaviour of the stock transport.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=4,
            max_keepalive_connections=2,
            network_backend=backend,
        )


class _BoundedDecoder:
    """Content-Encoding decoder whose every output piece is at most 64 KiB."""

    PIECE = 64 * 1024

    def __init__(self, header: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise BadResponse(reason=f"unsupported content encoding {header}")
        self._coding = codings[0] if codings else None
        if self._coding in ("gzip", "x-gzip"):
            self._zlib: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._coding == "deflate":
            self._zlib = None  # zlib-wrapped or raw: decided on the first bytes
        elif self._coding is not None:
            raise BadResponse(reason=f"unsupported content encoding {self._coding}")

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._coding is None:
            yield data
            return
        if self._zlib is None:
            self._zlib = zlib.decompressobj()
            try:
                first = self._zlib.decompress(data, self.PIECE)
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            else:
                if first:
                    yield first
                data = self._zlib.unconsumed_tail
        try:
            while data and not self._zlib.eof:
                piece = self._zlib.decompress(data, self.PIECE)
                if piece:
                    yield piece
                data = self._zlib.unconsumed_tail
        except zlib.error as exc:
            raise BadResponse(reason=f"corrupt {self._coding} data ({exc})") from None

    def flush(self) -> Iterator[bytes]:
        if self._coding is None or self._zlib is None:
            return
        try:
            # Drain what zlib still holds, still in bounded pieces.
            while not self._zlib.eof:
                piece = self._zlib.decompress(self._zlib.unconsumed_tail, self.PIECE)
                if not piece:
                    break
                yield piece
            tail = self._zlib.flush()
        except zlib.error as exc:
            raise BadResponse(reason=f"corrupt {self._coding} data ({exc})") from None
        if tail:
            yield tail
