"""Reader routes: posting comments and the digest's subscription pages."""

from django.urls import path

from . import views

app_name = "readers"

urlpatterns = [
    path("comments/post/<int:page_id>/", views.comment_post, name="comment_post"),
    path("digest/", views.digest_subscribe, name="digest_subscribe"),
    path("digest/confirm/<str:token>/", views.digest_confirm, name="digest_confirm"),
    path(
        "digest/unsubscribe/<str:token>/",
        views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
