"""Serializer pieces every API payload shares."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .shapes import RIGHTS_SCHEMA


@extend_schema_field(RIGHTS_SCHEMA)
class RightsField(serializers.Field):
    """The publication's rights block, taken from the view (read once a request)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["rights"]


def with_rights(serializer_class: type[serializers.Serializer]) -> type:
    """A detail variant of a serializer that also carries the rights block."""
    meta = getattr(serializer_class, "Meta", None)
    attrs = {"rights": RightsField(), "__module__": serializer_class.__module__}
    if meta is not None and hasattr(meta, "fields"):
        attrs["Meta"] = type("Meta", (meta,), {"fields": [*meta.fields, "rights"]})
    name = serializer_class.__name__.replace("Serializer", "DetailSerializer")
    return type(name, (serializer_class,), attrs)
