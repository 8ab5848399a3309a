"""sitemap.xml sections for the discovery pages; Wagtail's own sitemap lists pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from policy.models import Material, Regulator
from policy.selectors.tracker import material_page_url, policy_tracker_visible

from .models import Author, Topic


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
        self._tracker = policy_tracker_visible()
        if self._tracker is None:
            return Material.objects.none()
        return Material.objects.order_by("slug")

    def location(self, item) -> str:
        return material_page_url(material=item, tracker=self._tracker)


class RegulatorSitemap(_SlugSitemap):
    """Regulator pages."""

    model, url_name = Regulator, "regulator"
