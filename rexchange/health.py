"""When the database is down: the health check for load balancers, and the page
readers get instead of a traceback."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

# Errors that mean "the database is unreachable", not "this query is wrong".
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def health(request):
    """Report whether the database answers; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        # Drop the broken connection so the next check dials afresh.
        connection.close()
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """Django's 500 handler: a designed 503 with Retry-After when the database is
    unreachable (readers should come back, caches should not keep it), else the
    ordinary 500 page. Neither template touches the database."""
    _, exc, _ = sys.exc_info()
    if isinstance(exc, DATABASE_DOWN):
        logger.warning("Database unavailable, answered 503: %s", exc)
        response = HttpResponseServerError(
            loader.get_template("503.html").render(), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
