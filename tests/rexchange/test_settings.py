"""Production settings refuse to boot without their security-relevant values."""

import os
import subprocess
import sys

import pytest

BASE_ENV = {
    k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")
}


def _import_production(**extra):
    env = {
        **BASE_ENV,
        "DJANGO_SETTINGS_MODULE": "rexchange.settings.production",
        **extra,
    }
    code = (
        "import django; from django.conf import settings; "
        "django.setup(); print(settings.DEBUG)"
    )
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_security_settings(extra, missing):
    result = _import_production(**extra)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_starts_with_debug_off_when_configured():
    result = _import_production(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
