"""Production manners: security headers, deploy checks and admin login lockout."""

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from rexchange.security.logins import client_ip

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in policy.split("; ") if part
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]


def test_admin_pages_carry_the_policy_with_inline_scripts_allowed(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'unsafe-inline'" in policy


def _deploy_check(**extra):
    env = {
        # The browser tests allow async-unsafe ORM calls in this process; a deployment
        # must not, and the deploy check says so.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "rexchange.example.com",
        # Production refuses to start without a shared cache and a broker; the
        # check only reads the settings, it connects to neither.
        "CACHE_URL": "redis://127.0.0.1:6379/15",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        **extra,
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_a_weak_secret_key():
    result = _deploy_check(SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_set_hsts_secure_cookies_and_referrer_policy():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_REFERRER_POLICY, s.SECURE_SSL_REDIRECT)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "rexchange.example.com",
    }
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "strict-origin-when-cross-origin",
        "True",
    ]


@pytest.fixture
def editor_account():
    return User.objects.create_user(
        "eli", password="correct horse battery staple", is_superuser=True
    )


def _login(client, password, *, ip="203.0.113.7"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "eli", "password": password},
        REMOTE_ADDR=ip,
    )


def test_admin_login_locks_out_after_repeated_failures(
    client, editor_account, settings
):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_login(client, f"guess-{i}").status_code for i in range(limit + 2)]
    # The first failures show the login form again; then the account is locked.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    # Even the right password is refused while locked out.
    response = _login(client, "correct horse battery staple")
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(client, editor_account, settings):
    for i in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(client, f"guess-{i}", ip="203.0.113.7")
    response = _login(client, "correct horse battery staple", ip="198.51.100.4")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor_account.pk)


def test_successful_login_resets_the_failure_count(client, editor_account, settings):
    for round_ in range(3):
        for i in range(settings.AXES_FAILURE_LIMIT - 1):
            assert _login(client, f"guess-{round_}-{i}").status_code == 200
        assert _login(client, "correct horse battery staple").status_code == 302
        client.logout()


def test_force_login_and_test_client_login_still_work(client, editor_account):
    # Code that logs in without a request (tests, the shell) bypasses the lockout.
    assert client.login(username="eli", password="correct horse battery staple")
    client.logout()
    client.force_login(editor_account)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


class _Request:
    def __init__(self, meta):
        self.META = meta


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "1.2.3.4"),
        (
            1,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"},
            "1.2.3.4",
        ),
        (2, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(proxies, meta, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(_Request(meta)) == expected
