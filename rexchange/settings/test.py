"""The test suite: fast hashing, no debug, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import env

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
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://rexchange-test")}
# Redis through a backend for which an outage is a cache miss, not a 500.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "rexchange.cache.backends.ResilientRedisCache"
# Generous limits so the suite never trips them; throttling tests set their own.
API_THROTTLE_RATES = {
    "anon": env.str("API_ANON_RATE", default="100000/min"),
    "api_key": env.str("API_KEY_RATE", default="100000/min"),
}
