"""Ingest test fixtures: sample files, and a guard that admits only the test server."""

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from policy.ingest import FetchOptions

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    """Read a sample feed or page from tests/fixtures/ingest/."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def allowlist(httpserver) -> set[tuple[str, int]]:
    """Exactly the local test server, under both of its names."""
    return {("127.0.0.1", httpserver.port), ("localhost", httpserver.port)}


@pytest.fixture
def options(allowlist) -> FetchOptions:
    """Client options with short limits so failing tests fail fast."""
    return FetchOptions(
        private_allowlist=allowlist,
        connect_timeout=1.0,
        read_timeout=2.0,
        total_timeout=2.0,
    )


@pytest.fixture
def unused_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
