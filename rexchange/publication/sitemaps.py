"""The pages section of sitemap.xml: Wagtail's sitemap under the visibility rule."""

from wagtail.contrib.sitemaps import Sitemap

from .visibility import hidden_sections


class PageSitemap(Sitemap):
    """Live, public pages in live sections only: an article under an unpublished
    index is not listed, since its URL answers 404."""

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .exclude(hidden_sections())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
