"""Page-tree rules: where each page type may live."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from articles.models import ArticleIndexPage, ArticlePage, HomePage
from policy.models import PolicyTrackerPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_holds_the_analysis_index_and_the_tracker(self):
        self.assertAllowedSubpageTypes(HomePage, {ArticleIndexPage, PolicyTrackerPage})

    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_analysis_index_holds_only_articles(self):
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})

    def test_articles_have_no_children_and_live_under_an_index(self):
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})

    def test_there_is_only_one_home_page(self):
        assert HomePage.max_count == 1
