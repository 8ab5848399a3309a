"""Read-only endpoints for articles and their highlights."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from policy.citations.targets import citation_targets
from policy.selectors.events import licence_event_embeds
from rexchange.api.paging import KeysetPagination
from rexchange.api.views import ApiViewSet

from ..models import ArticlePage, Highlight
from ..selectors import (
    article_api_reads,
    article_public_queryset,
    highlight_public_queryset,
)
from . import serializers
from .filters import ArticleFilter, HighlightFilter


def _cited(highlights) -> dict:
    citations = [c for h in highlights for c in h.citations]
    return citation_targets(
        event_ids=[c["event"] for c in citations],
        report_ids=[c["report"] for c in citations],
    )


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description="Live, public analysis articles, newest first, page-numbered.",
        tags=["articles"],
    ),
    retrieve=extend_schema(summary="One article by id", tags=["articles"]),
)
class ArticleViewSet(ApiViewSet):
    """Analysis articles with highlights, events, sources, contents and body."""

    queryset = ArticlePage.objects.none()  # the schema's model; reads use get_queryset
    changed_field = "last_published_at"
    serializer_class = serializers.ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        return article_public_queryset()

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ArticleSerializer
        return serializers.ArticleDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["citations"] = article_api_reads(articles=context["served"])
        if self.action != "list":
            context["event_embeds"] = licence_event_embeds(
                ids=[
                    (child.get("value") or {}).get("event")
                    for article in context["served"]
                    for child in article.body.raw_data
                    if child.get("type") == "event_facts"
                ]
            )
        return context

    @extend_schema(
        summary="One article by slug",
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description="The article's slug, as in its URL.",
            )
        ],
        responses=serializers.ArticleDetailSerializer,
        tags=["articles"],
    )
    @action(detail=False, methods=["get"], url_path=r"by-slug/(?P<slug>[-\w]+)")
    def by_slug(self, request, slug=None):
        article = self.get_queryset().filter(slug=slug[:255]).first()
        if article is None:
            raise NotFound("No article has that slug.")
        self.served = [article]
        serializer = serializers.ArticleDetailSerializer(
            article, context=self.get_serializer_context()
        )
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(
        summary="List highlights",
        description="Every highlight of every live, public article, newest first, "
        "cursor-paged. Ids are stable: editing, adding or removing other highlights "
        "never changes them.",
        tags=["highlights"],
    ),
    retrieve=extend_schema(summary="One highlight", tags=["highlights"]),
)
class HighlightViewSet(ApiViewSet):
    """Short, citable claims from published articles, one object each."""

    queryset = Highlight.objects.none()  # the schema's model; reads use get_queryset
    changed_field = "updated_at"
    serializer_class = serializers.HighlightSerializer
    filterset_class = HighlightFilter
    pagination_class = KeysetPagination
    lookup_value_regex = r"[0-9a-fA-F-]{32,36}"  # a UUID
    cursor_orderings = {
        "-published_at": ("-published_at", "article_id", "position", "id"),
        "published_at": ("published_at", "article_id", "position", "id"),
    }

    def get_queryset(self):
        return highlight_public_queryset()

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.HighlightSerializer
        return serializers.HighlightDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["citations"] = _cited(context["served"])
        return context
