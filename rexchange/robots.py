"""robots.txt: crawl the public site, not the admin; the sitemap lists every page."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

DISALLOWED = ("/admin/", "/django-admin/", "/documents/", "/search/")


@require_GET
def robots_txt(request):
    """Tell crawlers where the sitemap is and what to leave alone."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
