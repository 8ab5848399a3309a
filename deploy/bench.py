# ruff: noqa: T201, S603 - a command-line tool that runs our own commands
"""`make bench-cache`: requests per second for the site's main pages, straight to
gunicorn and through Varnish, each as a ratio to a raw WSGI hello on the same gunicorn
in the same run; and the time from publishing an edit to Varnish serving it.

Needs the demo loaded in DATABASE_URL (make demo), wrk and Varnish. Measurements, not
tests: numbers move with the machine; the ratios are what to compare.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The interpreter running this script, so a checkout without its own .venv works.
BIN = Path(sys.executable).parent
HELLO_PORT = int(os.environ.get("BENCH_HELLO_PORT", 8113))
APP_PORT = int(os.environ.get("BENCH_APP_PORT", 8114))
# The same app with PAGE_FRAGMENT_CACHE off: what a miss costs with no stored parts.
BUILT_PORT = int(os.environ.get("BENCH_BUILT_PORT", 8112))
VARNISH_PORT = int(os.environ.get("BENCH_VARNISH_PORT", 8118))
ADMIN_PORT = int(os.environ.get("BENCH_VARNISH_ADMIN_PORT", 8119))
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "rexchange.settings.production",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "CACHE_PURGE_URLS": f"http://127.0.0.1:{VARNISH_PORT}/",
    # The anonymous API limit would turn the benchmark into a 429 benchmark.
    "API_ANON_RATE": "100000000/min",
    "LOG_LEVEL": "WARNING",
    # As deploy/serve runs it: database connections kept between requests.
    "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
}
# Without a broker the publish below purges in its own process, as the editor's would.
ENV.pop("CELERY_BROKER_URL", None)

# Finds the demo's URLs, and publishes a retitled demo article, in Django.
URLS_SCRIPT = """
import json
from articles.models import ArticlePage
from policy.models import LicenceEventPage, PolicyTrackerPage
a = ArticlePage.objects.live().get(slug="mofcom-general-licences-rare-earths")
e = LicenceEventPage.objects.live().get(slug="general-licences-granted")
print(json.dumps({"article": a.url, "event": e.url, "title": a.title,
                  "tracker": PolicyTrackerPage.objects.live().get().url}))
"""
PUBLISH_SCRIPT = """
import time, urllib.request
from articles.models import ArticlePage
a = ArticlePage.objects.get(slug="mofcom-general-licences-rare-earths")
a.title = "{title}"
a.save_revision().publish()
start = time.monotonic()
while "{title}" not in urllib.request.urlopen("{url}", timeout=10).read().decode():
    if time.monotonic() - start > 30:
        raise SystemExit("the new title never reached the cache")
print(time.monotonic() - start)
"""


def manage(script: str) -> str:
    return subprocess.run(
        [BIN / "python", "manage.py", "shell", "-c", script],
        cwd=REPO,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def start(args: list, port: int, env: dict | None = None) -> subprocess.Popen:
    process = subprocess.Popen(
        args,
        cwd=REPO,
        env=env or ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # it answers: hello has no /health/
        except OSError:
            time.sleep(0.1)
    process.terminate()
    sys.exit(f"nothing answered on port {port}")


def gunicorn(app: str, port: int, **env: str) -> subprocess.Popen:
    return start(
        [BIN / "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", WORKERS],
        port,
        {**ENV, **env},
    )


def wrk(url: str) -> tuple[float, int]:
    """Requests per second, and how many answers were not 2xx/3xx."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(bad.group(1)) if bad else 0


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def main() -> None:
    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=ENV,
        check=True,
    )
    urls = json.loads(manage(URLS_SCRIPT).splitlines()[-1])
    pages = {
        "article": urls["article"],
        "home": "/",
        "tracker": urls["tracker"],
        "event": urls["event"],
        "search": "/search/?q=dysprosium",
        "api events (100)": "/api/v1/events/?page_size=100",
        "api highlights": "/api/v1/highlights/",
    }
    processes = []
    try:
        processes.append(gunicorn("deploy.hello:application", HELLO_PORT))
        processes.append(gunicorn("rexchange.wsgi", APP_PORT))
        processes.append(
            gunicorn("rexchange.wsgi", BUILT_PORT, PAGE_FRAGMENT_CACHE="false")
        )
        processes.append(
            start(
                [
                    REPO / "deploy/varnish/run",
                    str(VARNISH_PORT),
                    str(APP_PORT),
                    str(ADMIN_PORT),
                    f"/tmp/rexchange-varnish-bench-{VARNISH_PORT}",  # noqa: S108
                ],
                VARNISH_PORT,
            )
        )
        hello, _ = wrk(f"http://127.0.0.1:{HELLO_PORT}/")
        print(f"gunicorn --workers {WORKERS}, wrk -c{CONNECTIONS} -d{DURATION}")
        print(f"{'hello (raw WSGI)':<20} {hello:>10,.0f} req/s   100.00 %")
        print(f"{'':<20} {'uncached':>21} {'through Varnish':>31}")
        for name, path in pages.items():
            direct, bad_direct = wrk(f"http://127.0.0.1:{APP_PORT}{path}")
            fetch(f"http://127.0.0.1:{VARNISH_PORT}{path}")  # fill the cache
            cached, bad_cached = wrk(f"http://127.0.0.1:{VARNISH_PORT}{path}")
            flags = " (non-2xx!)" if bad_direct or bad_cached else ""
            print(
                f"{name:<20} {direct:>10,.0f} req/s {direct / hello:>8.2%}"
                f"   {cached:>10,.0f} req/s {cached / hello:>8.2%}{flags}"
            )
        # Uncached and with no stored parts: every miss as the first after a publish.
        for name in ("article", "event"):
            built, bad = wrk(f"http://127.0.0.1:{BUILT_PORT}{pages[name]}")
            flags = " (non-2xx!)" if bad else ""
            label = f"{name}, built"
            print(f"{label:<20} {built:>10,.0f} req/s {built / hello:>8.2%}{flags}")
        article = f"http://127.0.0.1:{VARNISH_PORT}{pages['article']}"
        fetch(article)
        title = f"General licences, retitled {int(time.time())}"
        script = PUBLISH_SCRIPT.format(title=title, url=article)
        took = float(manage(script).splitlines()[-1]) * 1000
        print(f"publish -> served by Varnish: {took:.0f} ms (commit to new title)")
        manage(PUBLISH_SCRIPT.format(title=urls["title"], url=article))
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
