"""sitemap.xml sections for the discovery pages; Wagtail's own sitemap lists pages."""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as RequestSitemap

from policy.models import Material, Regulator
from policy.selectors.tracker import material_page_url, policy_tracker_visible
from rexchange.publication.absolute_urls import site_domain_and_scheme

from .models import Author, Topic


class Sitemap(RequestSitemap):
    """A sitemap section of Django views, on the site root absolute URLs use (not
    the Host header Django's sitemaps take by default). Wagtail's sitemap view builds
    it with the request; the items are not pages, so Django builds their URLs."""

    _urls = DjangoSitemap._urls

    def get_domain(self, site=None) -> str:
        return site_domain_and_scheme(self.request)[0]

    def get_protocol(self, protocol=None) -> str:
        return site_domain_and_scheme(self.request)[1]

    def lastmod(self, item):
        return None  # discovery pages change with whatever they list


class _SlugSitemap(Sitemap):
    """One URL per object, at the named route taking its slug."""

    model = None
    url_name = ""

    def items(self):
        return self.model.objects.order_by("slug")

    def location(self, item) -> str:
        return reverse(self.url_name, args=(item.slug,))


class TopicSitemap(_SlugSitemap):
    """Topic pages."""

    model, url_name = Topic, "topic"


class AuthorSitemap(_SlugSitemap):
    """Author pages."""

    model, url_name = Author, "author"


class MaterialSitemap(Sitemap):
    """Material pages, under the policy tracker (none while it is not published)."""

    def items(self):
        self._tracker = policy_tracker_visible(request=self.request)
        if self._tracker is None:
            return Material.objects.none()
        return Material.objects.order_by("slug")

    def location(self, item) -> str:
        return material_page_url(
            material=item, tracker=self._tracker, request=self.request
        )


class RegulatorSitemap(_SlugSitemap):
    """Regulator pages."""

    model, url_name = Regulator, "regulator"
