"""Settings: how every entry point picks them, and what production refuses."""

import os
import subprocess
import sys

import pytest

# The browser tests allow async-unsafe ORM calls in this process; a deployment must
# not, so that variable is not passed on either.
BASE_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
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


# Each entry point, started with no DJANGO_SETTINGS_MODULE at all and no .env (as a
# Procfile process on a production host would be): the code that makes it load its
# settings. A development checkout has a .env (`make install` writes one), so the
# child process is pointed at one that does not exist.
ENTRY_POINTS = {
    "manage.py": None,
    "wsgi": "import rexchange.wsgi",
    "asgi": "import rexchange.asgi",
    "celery": "from rexchange.celery import app; app.loader.import_default_modules()",
}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_entry_point_defaults_to_production_settings(entry):
    env = {k: v for k, v in BASE_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["REXCHANGE_ENV_FILE"] = "/nonexistent/.env"
    code = ENTRY_POINTS[entry]
    command = [sys.executable, "manage.py", "check"]
    if code is not None:
        command = [sys.executable, "-c", code]
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        command, env=env, capture_output=True, text=True, timeout=120
    )
    # Production settings were chosen: they refuse to start without a secret key.
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_the_env_file_may_name_the_settings(monkeypatch, tmp_path):
    from rexchange import settings_module

    env_file = tmp_path / ".env"
    env_file.write_text("# local\nDJANGO_SETTINGS_MODULE='rexchange.settings.dev'\n")
    monkeypatch.setattr(settings_module, "ENV_FILE", env_file)
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE")
    assert settings_module.settings_module_choose() == "rexchange.settings.dev"
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "rexchange.settings.test")
    assert settings_module.settings_module_choose() == "rexchange.settings.test"
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE")
    env_file.unlink()
    assert settings_module.settings_module_choose() == PRODUCTION


PRODUCTION = "rexchange.settings.production"
SERVICES = {
    "CACHE_URL": "redis://127.0.0.1:6379/15",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
}


def _deploy_check(**services):
    env = {
        k: v
        for k, v in BASE_ENV.items()
        if k not in ("CACHE_URL", "CELERY_BROKER_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY="k" * 30 + "-Zq9" * 10,
        ALLOWED_HOSTS="rexchange.example.com",
        **services,
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level"]
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [*command, "WARNING"], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("missing", "error"), [("CACHE_URL", "E001"), ("CELERY_BROKER_URL", "E002")]
)
def test_deploy_check_fails_without_a_shared_cache_or_a_broker(missing, error):
    given = {k: v for k, v in SERVICES.items() if k != missing}
    result = _deploy_check(**given)
    assert result.returncode != 0
    assert f"rexchange.{error}" in result.stderr
    assert missing in result.stderr


def test_deploy_check_passes_with_a_shared_cache_and_a_broker():
    result = _deploy_check(**SERVICES)
    assert result.returncode == 0, result.stderr
