"""How readers' comments look to API consumers: never with an email address."""

from __future__ import annotations

from rest_framework import serializers

from rexchange.api.serializers import RightsField

from ..models import Comment


class CommentPageSerializer(serializers.Serializer):
    """The page a comment is on, named and linked."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(source="full_url", allow_null=True)


class CommentSerializer(serializers.ModelSerializer):
    """An approved comment: who (by the name they gave), what, when, on which page."""

    page = CommentPageSerializer()
    posted_at = serializers.DateTimeField(source="created_at")
    text = serializers.CharField(
        source="body", help_text="Plain text as the reader wrote it; escape it."
    )

    class Meta:
        model = Comment
        fields = ["id", "page", "name", "text", "posted_at"]


class CommentDetailSerializer(CommentSerializer):
    """One approved comment, with the rights block."""

    rights = RightsField()

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "rights"]
