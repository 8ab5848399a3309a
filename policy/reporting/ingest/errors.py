"""Why an ingest stopped, in one line an editor can read on the source's status."""

from __future__ import annotations

MIB = 1024 * 1024


def format_size(limit: int) -> str:
    """Say a byte limit the way an editor would: "5 MiB", "512 KiB", "900 bytes"."""
    if limit >= MIB and limit % MIB == 0:
        return f"{limit // MIB} MiB"
    if limit >= MIB:
        return f"{limit / MIB:.1f} MiB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit} bytes"


def format_seconds(seconds: float) -> str:
    """Say a duration as "30 s" or "1.5 s"."""
    rounded = round(seconds, 1)
    if rounded == int(rounded):
        return f"{int(rounded)} s"
    return f"{rounded} s"


def format_address(address: str, port: int) -> str:
    """Join an address and a port, bracketing IPv6 so the port stays readable."""
    if ":" in address:
        return f"[{address}]:{port}"
    return f"{address}:{port}"


class IngestError(Exception):
    """Base for everything that stops a source from being ingested."""

    def __init__(self, message: str) -> None:
        # Editors see str(exc) on the source's status line: keep it to one line.
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        """The one-line reason, as shown to editors."""
        return str(self)


class FetchError(IngestError):
    """The source could not be fetched."""


class BadURL(FetchError):
    """The link is not one we can fetch at all."""

    def __init__(self, *, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"bad link: {reason}")


class BadScheme(FetchError):
    """The link is not http or https (file:, gopher:, ftp: ...)."""

    def __init__(self, *, url: str, scheme: str, redirect: bool = False) -> None:
        self.url = url
        self.scheme = scheme
        self.redirect = redirect
        where = "redirect to a " if redirect else ""
        shown = f"{scheme}:" if scheme else "scheme-less"
        super().__init__(
            f"refused: {where}{shown} link (only http and https can be fetched)"
        )


class RefusedAddress(FetchError):
    """The host resolves to an address we never connect to (private, loopback ...)."""

    def __init__(
        self, *, host: str, address: str, port: int, redirect: bool = False
    ) -> None:
        self.host = host
        self.address = address
        self.port = port
        self.redirect = redirect
        where = "redirect to " if redirect else ""
        super().__init__(
            f"refused: {where}private address {format_address(address, port)}"
        )

    def as_redirect(self) -> RefusedAddress:
        """The same refusal, worded as the target of a redirect."""
        return RefusedAddress(
            host=self.host, address=self.address, port=self.port, redirect=True
        )


class ConnectFailed(FetchError):
    """The server could not be reached (no such host, connection refused, TLS)."""

    def __init__(self, *, host: str, reason: str) -> None:
        self.host = host
        self.reason = reason
        super().__init__(f"could not connect to {host}: {reason}")


class TimedOut(FetchError):
    """The server was too slow: connect, read or the whole-response deadline."""

    def __init__(self, *, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"timed out after {format_seconds(seconds)}")


class TooLarge(FetchError):
    """The response (after decompression) is bigger than the size cap."""

    def __init__(self, *, limit: int) -> None:
        self.limit = limit
        super().__init__(f"too large: over {format_size(limit)}")


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx, 5xx, or an odd 3xx)."""

    def __init__(self, *, status: int, retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        message = f"HTTP {status}"
        if retry_after is not None:
            message += f", retry after {format_seconds(retry_after)}"
        super().__init__(message)


class TooManyRedirects(FetchError):
    """The server kept redirecting past the limit."""

    def __init__(self, *, limit: int) -> None:
        self.limit = limit
        super().__init__(f"too many redirects (more than {limit})")


class RedirectLoop(FetchError):
    """A redirect pointed back at a URL already visited in this fetch."""

    def __init__(self, *, url: str) -> None:
        self.url = url
        super().__init__(f"redirect loop at {url}")


class BadResponse(FetchError):
    """The server's answer could not be read (broken HTTP, corrupt compression)."""

    def __init__(self, *, reason: str) -> None:
        self.reason = reason
        super().__init__(f"bad response: {reason}")


class ParseError(IngestError):
    """The fetched bytes are neither a usable feed nor a page with article text."""
