"""The test suite: fast hashing, no debug, SQLite unless DATABASE_URL is set."""

import os
import re


def _redis_database_shift(url: str, by: int) -> str:
    """The same Redis URL one database further along (modulo Redis's 16)."""
    match = re.fullmatch(r"(rediss?://[^/]+)/(\d+)", url)
    if not match or not by:
        return url
    return f"{match[1]}/{(int(match[2]) + by) % 16}"


# pytest-xdist runs the suite in several processes (`make test` uses two). Each gets
# its own Redis databases, so a worker flushing its cache or purging its queue never
# touches the other's: the cache one database up per worker, the broker one down.
# The environment is updated too (once: child processes inherit it already shifted),
# so Celery workers and servers the tests start follow.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
if _XDIST_INDEX and not os.environ.get("REXCHANGE_TEST_REDIS_SHIFTED"):
    os.environ["REXCHANGE_TEST_REDIS_SHIFTED"] = "1"
    for _name, _step in (("CACHE_URL", 1), ("CELERY_BROKER_URL", -1)):
        if os.environ.get(_name):
            os.environ[_name] = _redis_database_shift(
                os.environ[_name], _step * _XDIST_INDEX
            )

# Base settings read the (shifted) environment.
from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# The media route exists, so browser tests that keep files on disk (see
# tests/browser/conftest.py) can load them; files in memory are simply not found.
MEDIA_SERVE = True
# Tests measure and check pages as built; tests/cache/test_page_fragments.py turns
# the stored parts on and checks a page built from them is the same page.
PAGE_FRAGMENT_CACHE = False
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://rexchange-test")}
# Redis through a backend for which an outage is a cache miss, not a 500.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "rexchange.cache.backends.ResilientRedisCache"
# Generous limits so the suite never trips them; throttling tests set their own.
API_THROTTLE_RATES = {
    "anon": env.str("API_ANON_RATE", default="100000/min"),
    "api_key": env.str("API_KEY_RATE", default="100000/min"),
}
