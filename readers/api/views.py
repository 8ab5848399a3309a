"""Read-only endpoint for readers' approved comments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from rexchange.api.views import ApiViewSet

from ..models import Comment
from ..selectors import comment_public_queryset
from . import serializers
from .filters import CommentFilter


@extend_schema_view(
    list=extend_schema(
        summary="List comments",
        description="Approved readers' comments on live, public pages, newest "
        "first, page-numbered. Email addresses are never included.",
        tags=["comments"],
    ),
    retrieve=extend_schema(summary="One comment by id", tags=["comments"]),
)
class CommentViewSet(ApiViewSet):
    """Approved readers' comments under articles and events."""

    queryset = Comment.objects.none()  # the schema's model; reads use get_queryset
    changed_field = "moderated_at"
    serializer_class = serializers.CommentSerializer
    filterset_class = CommentFilter

    def get_queryset(self):
        return comment_public_queryset()

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.CommentSerializer
        return serializers.CommentDetailSerializer
