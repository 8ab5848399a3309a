"""Routes of the policy record outside the page tree: its feeds."""

from django.urls import path

from .feeds import OpenQuestionsFeed

urlpatterns = [
    path("feeds/questions/rss/", OpenQuestionsFeed(), name="feed_questions_rss"),
]
