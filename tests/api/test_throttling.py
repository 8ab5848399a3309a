"""Rate limits: modest for anonymous clients, higher with a key, shared via Redis."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from tests.factories.api import api_key
from tests.services import require_redis

pytestmark = pytest.mark.django_db

URL = "/api/v1/regulators/"
LOW = {"anon": "3/hour", "api_key": "5/hour"}
REDIS_URL = "redis://127.0.0.1:6379/3"  # this suite's own Redis database


def _wait_clear_of_window_edge(seconds: int = 3600, margin: int = 30) -> None:
    # Counters are per fixed window; a test straddling two windows would see a reset.
    remaining = seconds - time.time() % seconds
    if remaining < margin:
        time.sleep(remaining + 1)


@override_settings(API_THROTTLE_RATES=LOW)
def test_anonymous_clients_get_429_with_retry_after(client):
    _wait_clear_of_window_edge()
    for _ in range(3):
        assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "throttled" in response.json()["detail"].lower()


@override_settings(API_THROTTLE_RATES=LOW)
def test_a_key_has_its_own_higher_limit(client):
    _wait_clear_of_window_edge()
    key = api_key()
    for _ in range(3):
        client.get(URL)
    assert client.get(URL).status_code == 429
    statuses = [client.get(URL, HTTP_X_API_KEY=key).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@override_settings(API_THROTTLE_RATES=LOW)
def test_clients_are_counted_by_address_and_cannot_spoof_it(client):
    _wait_clear_of_window_edge()
    for _ in range(3):
        client.get(URL, REMOTE_ADDR="127.0.0.2")
    spoofed = client.get(URL, REMOTE_ADDR="127.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert spoofed.status_code == 429
    assert client.get(URL, REMOTE_ADDR="127.0.0.3").status_code == 200


CHILD = """
import sys
import django
django.setup()
from django.test import Client
print(Client().get(sys.argv[1], REMOTE_ADDR=sys.argv[2]).status_code)
"""


def test_two_server_processes_share_one_limit_through_redis(client):
    require_redis()
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    address = f"127.0.{os.getpid() % 250}.{int(time.time()) % 250}"
    with override_settings(CACHES=caches, API_THROTTLE_RATES=LOW):
        cache.clear()
        _wait_clear_of_window_edge()
        try:
            for _ in range(3):
                assert client.get(URL, REMOTE_ADDR=address).status_code == 200
            # A separate Python process: its own memory, the same Redis. Its database
            # is empty, so it could not even answer if the limit let it through.
            child = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", CHILD, URL, address],
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "rexchange.settings.test",
                    "DATABASE_URL": "sqlite://:memory:",
                    "CACHE_URL": REDIS_URL,
                    "API_ANON_RATE": LOW["anon"],
                },
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert child.stdout.strip().splitlines()[-1:] == ["429"], child.stderr[
                -2000:
            ]
        finally:
            cache.clear()


@override_settings(API_THROTTLE_RATES=LOW)
def test_unknown_keys_are_throttled_per_address_like_anonymous_clients(
    client, django_assert_num_queries
):
    _wait_clear_of_window_edge()
    statuses = [
        client.get(URL, HTTP_X_API_KEY=f"guess-{n}").status_code for n in range(3)
    ]
    assert statuses == [401] * 3
    # Past the anonymous rate the address is refused before any key look-up.
    with django_assert_num_queries(0):
        response = client.get(URL, HTTP_X_API_KEY="guess-4")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    # Another address still gets its own tries.
    other = client.get(URL, HTTP_X_API_KEY="guess-5", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 401


@override_settings(API_THROTTLE_RATES=LOW)
def test_revoked_keys_count_as_failed_look_ups(client):
    from rexchange.api.keys import ApiKey

    _wait_clear_of_window_edge()
    key = api_key()
    ApiKey.objects.update(revoked_at=timezone.now())
    statuses = [client.get(URL, HTTP_X_API_KEY=key).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
