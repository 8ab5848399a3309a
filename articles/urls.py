"""Routes for reader discovery: search, topic/author/material/regulator pages, feeds.

Mounted at the site root ahead of Wagtail's page tree.
"""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("authors/", views.author_index, name="authors"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("materials/", views.material_index, name="materials"),
    path("materials/<slug:slug>/", views.material_detail, name="material"),
    path("regulators/", views.regulator_index, name="regulators"),
    path("regulators/<slug:slug>/", views.regulator_detail, name="regulator"),
    path("feeds/analysis/rss/", feeds.AnalysisFeed(), name="feed_analysis_rss"),
    path("feeds/analysis/atom/", feeds.AnalysisAtomFeed(), name="feed_analysis_atom"),
    path("feeds/events/rss/", feeds.LicenceEventFeed(), name="feed_events_rss"),
    path("feeds/events/atom/", feeds.LicenceEventAtomFeed(), name="feed_events_atom"),
    path("feeds/topics/<slug:slug>/rss/", feeds.TopicFeed(), name="feed_topic_rss"),
    path(
        "feeds/topics/<slug:slug>/atom/",
        feeds.TopicAtomFeed(),
        name="feed_topic_atom",
    ),
    path(
        "feeds/materials/<slug:slug>/rss/",
        feeds.MaterialFeed(),
        name="feed_material_rss",
    ),
    path(
        "feeds/materials/<slug:slug>/atom/",
        feeds.MaterialAtomFeed(),
        name="feed_material_atom",
    ),
]
