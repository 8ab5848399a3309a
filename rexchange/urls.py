"""URL routes: admin, health, the API, discovery and feeds, then Wagtail's pages."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from articles import sitemaps as discovery_sitemaps
from articles import urls as discovery_urls
from policy import urls as policy_urls

from .health import health, server_error
from .publication.sitemaps import PageSitemap
from .robots import robots_txt


def media(request, path):
    """An uploaded image or rendition from MEDIA_ROOT, read when asked, so a test
    that points MEDIA_ROOT elsewhere is served from there."""
    return serve_media(request, path, document_root=settings.MEDIA_ROOT)


SITEMAPS = {
    "pages": PageSitemap,
    "topics": discovery_sitemaps.TopicSitemap,
    "authors": discovery_sitemaps.AuthorSitemap,
    "materials": discovery_sitemaps.MaterialSitemap,
    "regulators": discovery_sitemaps.RegulatorSitemap,
}

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", health, name="health"),
    path("api/", include("rexchange.api.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include(discovery_urls)),
    path("", include(policy_urls)),
    path("", include("readers.urls")),
]

if settings.DEBUG or settings.MEDIA_SERVE:
    # Django's `static()` helper adds nothing unless DEBUG, so route the view itself.
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            media,
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = server_error
