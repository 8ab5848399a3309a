"""Private PostgreSQL and Redis instances the fault tests may stop and start.

The shared services on 5432 and 6379 are never touched: each fixture starts its own
server on a port of this suite (8145 PostgreSQL, 8146 Redis) in a temporary
directory, and stops it afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.services import require

PG_PORT = 8145
REDIS_PORT = 8146


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
