"""The change feed endpoint, /api/v1/changes/: the feed, oldest first, by cursor."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from .changes import REMOVALS, Change, ChangeKind, ChangeType, change_feed_queryset
from .filters import ChoiceCSVFilter
from .paging import KeysetPagination
from .views import ApiViewSet

DETAIL_ROUTES = {
    ChangeType.ARTICLE: "article-detail",
    ChangeType.HIGHLIGHT: "highlight-detail",
    ChangeType.EVENT: "event-detail",
    ChangeType.REGULATOR: "regulator-detail",
    ChangeType.MATERIAL: "material-detail",
    ChangeType.INSTRUMENT: "instrument-detail",
    ChangeType.COMMENT: "comment-detail",
}


def change_object_url(change: Change, request) -> str | None:
    """Where the changed object is read now; None once it is gone."""
    if change.kind in REMOVALS:
        return None
    path = reverse(DETAIL_ROUTES[change.object_type], kwargs={"pk": change.object_id})
    return request.build_absolute_uri(path) if request is not None else path


class TombstoneSerializer(serializers.Serializer):
    """What is left of a removed object: which one, and when it went."""

    id = serializers.CharField()
    type = serializers.ChoiceField(choices=ChangeType.choices)
    removed_at = serializers.DateTimeField()


class ChangeSerializer(serializers.ModelSerializer):
    """One change: which object, what happened, when; a tombstone for removals."""

    sequence = serializers.IntegerField(
        source="pk", help_text="Strictly increasing across the whole feed."
    )
    id = serializers.CharField(source="object_id", help_text="The object's id.")
    type = serializers.ChoiceField(source="object_type", choices=ChangeType.choices)
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    time = serializers.DateTimeField(source="occurred_at")
    url = serializers.SerializerMethodField()
    tombstone = serializers.SerializerMethodField()

    class Meta:
        model = Change
        fields = ["sequence", "id", "type", "kind", "time", "url", "tombstone"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, obj) -> str | None:
        return change_object_url(obj, self.context.get("request"))

    @extend_schema_field(TombstoneSerializer(allow_null=True))
    def get_tombstone(self, obj) -> dict | None:
        if obj.kind not in REMOVALS:
            return None
        return {
            "id": obj.object_id,
            "type": obj.object_type,
            "removed_at": serializers.DateTimeField().to_representation(
                obj.occurred_at
            ),
        }


class ChangeFilter(django_filters.FilterSet):
    """Only some types of object."""

    type = ChoiceCSVFilter(
        field_name="object_type",
        choices=ChangeType.choices,
        help_text="Object types to include.",
    )


class ChangeFeedPagination(KeysetPagination):
    """Cursor pages over the feed whose `next` link never runs out: at the end it
    is where to ask again later."""

    def get_next_link(self) -> str | None:
        if self.page:
            return self.encode_cursor(self.page[-1], reverse=False)
        return self.request.build_absolute_uri()

    def get_previous_link(self) -> str | None:
        return None

    def get_paginated_response_schema(self, schema):
        wrapped = super().get_paginated_response_schema(schema)
        wrapped["properties"]["next"] = {
            "type": "string",
            "format": "uri",
            "description": "Where to read on from; at the end of the feed, where to "
            "ask again later. Never null.",
        }
        return wrapped

    def get_schema_operation_parameters(self, view):
        return [
            p
            for p in super().get_schema_operation_parameters(view)
            if p["name"] != self.ordering_query_param
        ]

    @staticmethod
    def query_parameters(view) -> set[str]:
        return {"cursor", "page_size"}


@extend_schema_view(
    list=extend_schema(
        summary="The change feed",
        description="Every publish, update, unpublish and delete of articles, "
        "highlights, licence events and reference data, oldest first, in one "
        "strictly increasing sequence. Keep the `next` link and follow it later: "
        "no change is ever skipped or shown twice. Removals carry a tombstone.",
        tags=["changes"],
    ),
)
class ChangeViewSet(ApiViewSet):
    """The change feed."""

    queryset = Change.objects.none()  # the schema's model; reads use get_queryset
    changed_field = "id"
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter
    pagination_class = ChangeFeedPagination
    cursor_orderings = {"sequence": ("id",)}
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return change_feed_queryset()
