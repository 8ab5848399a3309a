"""Pure-pipeline fixtures: client options and a guard that admits only the test server.

Sample files (`fixture_bytes`) and a free port (`unused_port`) come from the reporting
conftest one level up.
"""

import pytest

from policy.reporting.ingest import FetchOptions


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
