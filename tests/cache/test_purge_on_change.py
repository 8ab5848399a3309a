"""Changes purge exactly the keys they touch, after commit, and a cache that is down
never stops the editor."""

import logging

import pytest
from celery import current_app as celery_app
from django.db import transaction
from kombu.exceptions import OperationalError

from articles.models import ArticlePage
from rexchange.cache import tasks as cache_tasks
from rexchange.publication.models import PublicationSettings
from tests.factories import ArticlePageFactory, TopicFactory
from tests.factories.policy import LicenceEventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the test does, then its after-commit callbacks, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def purges(httpserver, settings, monkeypatch):
    """A stand-in Varnish on 127.0.0.1 that records the keys of each purge."""
    seen: list[set[str]] = []

    def handler(request):
        from werkzeug import Response

        seen.append(set(request.headers.get("xkey-purge", "").split()))
        return Response("", headers={"x-purged": "1"})

    httpserver.expect_request("/", method="PURGE").respond_with_handler(handler)
    settings.CACHE_PURGE_URLS = [httpserver.url_for("/")]
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    return seen


def _all(seen) -> set[str]:
    return set().union(*seen) if seen else set()


def test_publishing_an_article_purges_it_its_lists_and_its_events(
    purges, committed, article_index, tracker
):
    event = LicenceEventPageFactory(parent=tracker)
    article = ArticlePageFactory(parent=article_index)
    article.related_events.add(event)
    purges.clear()
    with committed():
        article.save_revision().publish()
    keys = _all(purges)
    assert {f"page-{article.pk}", "articles", "missing", f"page-{event.pk}"} <= keys
    assert "events" not in keys


def test_purge_waits_for_the_commit(purges, committed, article_index):
    article = ArticlePageFactory(parent=article_index)
    purges.clear()
    with committed():
        article.save_revision().publish()
        assert purges == []
    assert f"page-{article.pk}" in _all(purges)


def test_rolled_back_change_purges_nothing(purges, committed, article_index):
    article = ArticlePageFactory(parent=article_index)
    purges.clear()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        article.save_revision().publish()
        raise RuntimeError("editor's save failed")
    assert purges == []


def test_unpublishing_and_deleting_purge_the_page(purges, committed, article_index):
    article = ArticlePageFactory(parent=article_index)
    purges.clear()
    with committed():
        article.unpublish()
    assert f"page-{article.pk}" in _all(purges)
    purges.clear()
    with committed():
        ArticlePage.objects.get(pk=article.pk).delete()
    assert {f"page-{article.pk}", "articles"} <= _all(purges)


def test_moving_a_page_purges_it_and_everything_below(
    purges, committed, home_page, article_index
):
    from tests.factories import ArticleIndexPageFactory

    article = ArticlePageFactory(parent=article_index)
    other = ArticleIndexPageFactory(parent=home_page, slug="notes")
    purges.clear()
    with committed():
        article_index.move(other, pos="last-child")
    assert {f"page-{article_index.pk}", f"page-{article.pk}"} <= _all(purges)


def test_saving_a_snippet_or_the_settings_purges_its_keys(purges, committed, home_page):
    topic = TopicFactory()
    purges.clear()
    with committed():
        topic.name = "Export controls, renamed"
        topic.save()
    assert _all(purges) == {f"topic-{topic.pk}", "topics"}
    purges.clear()
    with committed():
        PublicationSettings.objects.create(
            site=home_page.get_site(), tagline="Read closely"
        )
    assert _all(purges) == {"settings"}


def test_settings_created_with_their_defaults_on_first_read_purge_nothing(
    purges, committed, home_page
):
    """`for_site()` creates the row the first time a page reads it; readers saw
    those defaults already, so nothing is purged and cached reads stay valid."""
    purges.clear()
    with committed():
        PublicationSettings.for_site(home_page.get_site())
    assert _all(purges) == set()


def test_a_cache_that_is_down_does_not_stop_publishing(
    settings, monkeypatch, article_index, caplog, committed
):
    settings.CACHE_PURGE_URLS = ["http://127.0.0.1:8119/"]  # nothing listens here
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    article = ArticlePageFactory(parent=article_index, live=False)
    with committed(), caplog.at_level(logging.ERROR, logger="rexchange.cache.tasks"):
        article.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).live
    assert "Cache purge failed" in caplog.text


def test_a_broker_that_is_down_purges_in_process(
    purges, settings, monkeypatch, article_index, committed
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(cache_tasks.purge, "apply_async", broker_down)
    article = ArticlePageFactory(parent=article_index)
    purges.clear()
    with committed():
        article.save_revision().publish()
    assert f"page-{article.pk}" in _all(purges)


def test_deleting_a_live_article_with_highlights_purges_it(
    purges, committed, article_index
):
    article = ArticlePageFactory(parent=article_index)
    article.save_revision().publish()  # builds the highlight read model
    assert article.api_highlights.exists()
    purges.clear()
    with committed():
        ArticlePage.objects.get(pk=article.pk).delete()
    assert not ArticlePage.objects.filter(pk=article.pk).exists()
    assert f"page-{article.pk}" in _all(purges)
