"""The API's routes: one router for every endpoint, mounted at /api/v1/."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.api.views import ArticleViewSet, HighlightViewSet
from policy.api.views import (
    AnnotationViewSet,
    InstrumentViewSet,
    LicenceEventViewSet,
    MaterialViewSet,
    OpenQuestionViewSet,
    RegimeViewSet,
    RegulatorViewSet,
    ReportViewSet,
)
from readers.api.views import CommentViewSet
from rexchange.api.change_feed import ChangeViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("articles", ArticleViewSet, basename="article")
router.register("highlights", HighlightViewSet, basename="highlight")
router.register("events", LicenceEventViewSet, basename="event")
router.register("questions", OpenQuestionViewSet, basename="question")
router.register("regulators", RegulatorViewSet, basename="regulator")
router.register("materials", MaterialViewSet, basename="material")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("reports", ReportViewSet, basename="report")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("comments", CommentViewSet, basename="comment")
router.register("changes", ChangeViewSet, basename="change")


@csrf_exempt  # a write to an unknown path is a 404, not a CSRF page
def api_not_found(request, *args, **kwargs):
    """Unknown API paths answer in JSON, like the rest of the API, not as a page."""
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    # One answer per material and date, nothing to retrieve by id: a list route only.
    path("v1/regime/", RegimeViewSet.as_view({"get": "list"}), name="regime-list"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a same-origin file
    # (docs/?script=), so it runs under our `script-src 'self'` policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    re_path(r"^", api_not_found),  # any other path, newlines included
]
