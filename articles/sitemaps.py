"""sitemap.xml sections for the discovery pages; Wagtail's own sitemap lists pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from policy.models import Material, Regulator

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


class MaterialSitemap(_SlugSitemap):
    """Material pages."""

    model, url_name = Material, "material"


class RegulatorSitemap(_SlugSitemap):
    """Regulator pages."""

    model, url_name = Regulator, "regulator"
