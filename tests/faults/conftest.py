"""Private PostgreSQL and Redis instances the fault tests may stop and start.

The shared services on 5432 and 6379 are never touched: each fixture starts its own
server on a port of this suite (8145 PostgreSQL, 8146 Redis) in a temporary
directory, and stops it afterwards. `private_site` puts the site's database on the
private PostgreSQL (the test database's schema, copied with pg_dump, which takes a
second where migrating takes a minute), and `WebServer` runs gunicorn on it.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.services import require, require_postgres

BASE_DIR = Path(__file__).resolve().parents[2]

PG_PORT = 8145
REDIS_PORT = 8146
# gunicorn, for the tests that need a real web server (8145-8149 are this suite's).
WEB_PORT = 8147
SITE_DB = "rexchange"


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll until `condition()` holds; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up after {timeout:.0f} s waiting for {what}")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else ""


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on PG_PORT that tests may stop and start."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.process: subprocess.Popen | None = None
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: run it as the postgres user.
            shutil.chown(root, user="postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        subprocess.run(  # noqa: S603 - fixed binaries and arguments
            [*self.as_postgres, _pg_bin("initdb"), "-D", str(self.data), "-A", "trust"]
            + ["-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [*self.as_postgres, _pg_bin("postgres"), "-D", str(self.data)]
            + [
                "-p",
                str(PG_PORT),
                "-k",
                str(self.root),
                "-c",
                "listen_addresses=127.0.0.1",
            ]
            + ["-c", "fsync=off"],
            stdout=(self.root / "postgres.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: port_open(PG_PORT), timeout=30, what="private PostgreSQL")

    def stop(self) -> None:
        """Fast shutdown (SIGINT): connections are cut, as in a real outage."""
        if self.process is not None and self.process.poll() is None:
            # runuser does not pass signals on: pg_ctl signals the postmaster itself.
            subprocess.run(  # noqa: S603 - fixed binaries and arguments
                [*self.as_postgres, _pg_bin("pg_ctl"), "stop", "-D", str(self.data)]
                + ["-m", "fast", "-w"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    require(bool(_pg_bin("initdb")), "needs PostgreSQL server binaries (initdb)")
    require(not port_open(PG_PORT), f"port {PG_PORT} is taken")
    root = Path(tempfile.mkdtemp(prefix="rx-faults-pg-"))
    server = PrivatePostgres(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


class PrivateRedis:
    """A throwaway Redis on REDIS_PORT that tests may stop and start."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{REDIS_PORT}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "yes", "--dir", str(self.root)],
            stdout=(self.root / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: port_open(REDIS_PORT), timeout=30, what="private Redis")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture(scope="session")
def private_redis() -> Iterator[PrivateRedis]:
    require(bool(shutil.which("redis-server")), "needs redis-server")
    require(not port_open(REDIS_PORT), f"port {REDIS_PORT} is taken")
    root = Path(tempfile.mkdtemp(prefix="rx-faults-redis-"))
    server = PrivateRedis(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def private_database(private_postgres, django_db_setup, django_db_blocker) -> str:
    """A database on the private PostgreSQL with the test database's schema."""
    require_postgres()
    test_db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": test_db["PASSWORD"] or ""}
    dump = subprocess.run(  # noqa: S603 - fixed binaries and arguments
        [_pg_bin("pg_dump"), "--schema-only", "--no-owner", "--no-privileges"]
        + ["-h", test_db["HOST"] or "127.0.0.1", "-p", str(test_db["PORT"] or 5432)]
        + ["-U", test_db["USER"] or "postgres", test_db["NAME"]],
        check=True,
        capture_output=True,
        env=env,
    ).stdout
    target = ["-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres"]
    subprocess.run(  # noqa: S603 - fixed binaries and arguments
        [_pg_bin("createdb"), *target, SITE_DB], check=True, capture_output=True
    )
    subprocess.run(  # noqa: S603 - fixed binaries and arguments
        [_pg_bin("psql"), *target, "-q", "-v", "ON_ERROR_STOP=1", "-d", SITE_DB],
        input=dump,
        check=True,
        capture_output=True,
    )
    return f"postgres://postgres@127.0.0.1:{PG_PORT}/{SITE_DB}"


@pytest.fixture
def private_site(private_postgres, private_database, django_db_blocker):
    """This process's database connection on the private database, emptied first
    (as a test database flush leaves it), for the test and the processes it starts.
    """
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(
            HOST="127.0.0.1", PORT=str(PG_PORT), NAME=SITE_DB, USER="postgres"
        )
        connection.settings_dict["PASSWORD"] = ""
        try:
            call_command("flush", interactive=False, verbosity=0)
            _wagtail_initial_rows()
            yield private_database
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
            if private_postgres.process is None:
                private_postgres.start()


def _wagtail_initial_rows() -> None:
    """What Wagtail's migrations insert and a flush removes: locale, root page and
    root collection (see tests/browser/conftest.py)."""
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


class WebServer:
    """gunicorn serving the site (test settings, so plain-HTTP cookies work) from
    the environment given, in its own process group."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 2) -> None:
        self.log = log
        self.url = f"http://127.0.0.1:{WEB_PORT}"
        require(
            importlib.util.find_spec("gunicorn") is not None,
            "needs gunicorn: pip install -r requirements/production.txt",
        )
        require(not port_open(WEB_PORT), f"port {WEB_PORT} is taken")
        self.process = subprocess.Popen(  # noqa: S603 - fixed interpreter and args
            [sys.executable, "-m", "gunicorn", "rexchange.wsgi"]
            + ["--bind", f"127.0.0.1:{WEB_PORT}", "--workers", str(workers)]
            # Loaded once before forking, so the first request does not wait for
            # each worker to import Django.
            + ["--timeout", "120", "--backlog", "2048", "--preload"]
            # No control socket: its default path is shared by every gunicorn.
            + ["--no-control-socket"],
            cwd=BASE_DIR,
            env={**env, "DJANGO_SETTINGS_MODULE": "rexchange.settings.test"},
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(
            lambda: port_open(WEB_PORT) or self.process.poll() is not None,
            timeout=60,
            what="gunicorn to listen",
        )
        if self.process.poll() is not None:
            pytest.fail(f"gunicorn did not start:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


class Beat:
    """A `celery beat` process on the environment given, in its own process group."""

    def __init__(self, env: dict[str, str], scratch: Path) -> None:
        self.log = scratch / "beat.log"
        self.process = subprocess.Popen(  # noqa: S603 - fixed interpreter and args
            [sys.executable, "-m", "celery", "-A", "rexchange", "beat"]
            + ["--loglevel=INFO", f"--schedule={scratch / 'beat-schedule'}"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


class AdminUser:
    """Someone signed in to the admin over real HTTP, submitting forms as a browser
    does (the CSRF token travels in the header, as the admin's own scripts send it).
    """

    def __init__(self, base_url: str, username: str, password: str) -> None:
        import httpx

        self.http = httpx.Client(base_url=base_url, timeout=120.0)
        self.http.get("/admin/login/").raise_for_status()
        response = self.http.post(
            "/admin/login/",
            data={"username": username, "password": password, "next": "/admin/"},
            headers=self._csrf(),
        )
        assert response.status_code == 302, response.text[:2000]

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.http.cookies.get("csrftoken", "")}

    def get(self, url: str):
        return self.http.get(url)

    def post(self, url: str, data=None):
        """POST a form; `data` may be a QueryDict read from the admin's HTML."""
        if data is not None and hasattr(data, "lists"):
            data = dict(data.lists())
        return self.http.post(url, data=data or {}, headers=self._csrf())

    def close(self) -> None:
        self.http.close()
