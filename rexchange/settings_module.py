"""How every entry point picks its settings: manage.py, wsgi, asgi and Celery alike.

One rule, in this order:
1. `DJANGO_SETTINGS_MODULE` from the environment;
2. else `DJANGO_SETTINGS_MODULE` from the `.env` file beside manage.py (or the file
   named by `REXCHANGE_ENV_FILE`), which `make install` writes for development;
3. else production (`rexchange.settings.production`), which refuses to start
   without its secrets and shared services, so nothing ever runs with development
   settings by accident (a worker started from the Procfile included).

`make` targets pass `rexchange.settings.dev` and pytest `rexchange.settings.test`.
"""

from __future__ import annotations

import os
from pathlib import Path

PRODUCTION = "rexchange.settings.production"
ENV_FILE = Path(
    os.environ.get("REXCHANGE_ENV_FILE")
    or Path(__file__).resolve().parent.parent / ".env"
)


def settings_module_choose() -> str:
    """Set DJANGO_SETTINGS_MODULE by the rule above, if unset; return it."""
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        from_file = _from_env_file()
        os.environ["DJANGO_SETTINGS_MODULE"] = from_file or PRODUCTION
    return os.environ["DJANGO_SETTINGS_MODULE"]


def _from_env_file() -> str:
    if not ENV_FILE.is_file():
        return ""
    values: dict[str, str] = {}
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name.strip() == "DJANGO_SETTINGS_MODULE":
            values[name.strip()] = value.strip().strip("'\"")
    return values.get("DJANGO_SETTINGS_MODULE", "")
