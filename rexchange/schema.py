"""OpenAPI schema scope: only our public API, never Wagtail's internal admin API."""

PUBLIC_API_PREFIX = "/api/"


def public_api_only(endpoints):
    """drf-spectacular preprocessing hook: keep endpoints under /api/.

    Wagtail's admin serves its own DRF views under /admin/api/; they are not ours to
    document and drf-spectacular cannot describe them (its deploy check fails on them).
    """
    return [e for e in endpoints if e[0].startswith(PUBLIC_API_PREFIX)]
