"""Gate tests on real services: skip with a reason on a bare laptop, fail in CI.

CI sets REXCHANGE_REQUIRE_SERVICES=1, which turns every such skip into a failure, so a
missing PostgreSQL, Redis or Chromium can never pass silently.
"""

import os
import shutil

import pytest
from django.conf import settings


def _strict() -> bool:
    return os.environ.get("REXCHANGE_REQUIRE_SERVICES") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip (or, under REXCHANGE_REQUIRE_SERVICES=1, fail) unless `condition` holds."""
    if condition:
        return
    if _strict():
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def require_postgres() -> None:
    """This test needs PostgreSQL (DATABASE_URL pointing at it)."""
    require(settings.IS_POSTGRES, "needs PostgreSQL: set DATABASE_URL=postgres://...")


def require_redis() -> str:
    """This test needs a Redis broker; returns its URL."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    require(
        url.startswith("redis://"), "needs Redis: set CELERY_BROKER_URL=redis://..."
    )
    return url


def require_chromium() -> str:
    """This test needs Debian's Chromium; returns its path."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
    require(bool(path), "needs Chromium: apt-get install chromium")
    return path
