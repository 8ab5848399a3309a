"""rexchange: the project package.

At its top level, wiring only: settings/, urls, the Celery app, wsgi/asgi, the health
check and robots.txt. The platform both apps share sits in named subpackages:

- `api/`: the API kit (viewset base, paging, filters, schema, keys and throttles) and
  the router that mounts both apps' endpoints;
- `newsroom/`: the role table, the review workflow and scheduled publishing;
- `publication/`: the publication's site settings (name, tagline, rights line);
- `security/`: the Content-Security-Policy middleware and admin login lockout.

Domain code belongs in `articles` and `policy`. This package imports them only from
`urls.py`, the API router and management commands.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
