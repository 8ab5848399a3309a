"""Read-only endpoints for the policy record: events, reference data, staff views."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from policy.citations.targets import citation_targets
from policy.models import (
    Instrument,
    LicenceEventPage,
    Material,
    OpenQuestion,
    Regulator,
)
from policy.reporting.models import Annotation, Report
from policy.selectors.events import (
    licence_event_diff,
    licence_event_public_previous,
    licence_event_public_queryset,
)
from policy.selectors.history import (
    RecordAsOf,
    licence_event_as_of,
    licence_event_as_of_queryset,
    licence_events_as_they_were,
    record_as_of,
)
from policy.selectors.questions import open_question_public_queryset
from policy.selectors.regime import material_regimes
from rexchange.api.access import HasStaffApiKey
from rexchange.api.filters import BoundedDateTimeField
from rexchange.api.paging import KeysetPagination
from rexchange.api.views import ApiViewSet

from . import serializers
from .filters import (
    AnnotationFilter,
    InstrumentFilter,
    LicenceEventFilter,
    MaterialFilter,
    OpenQuestionFilter,
    RegimeFilter,
    ReportFilter,
)

AS_OF = "as_of"
AS_OF_PARAMETER = OpenApiParameter(
    AS_OF,
    OpenApiTypes.DATETIME,
    description="Answer from the record as it stood at this ISO 8601 date-time: the "
    "revisions live then, without later events or corrections.",
)


def as_of_record(request) -> RecordAsOf | None:
    """The record at the request's `as_of` date-time; a bad value is a 400."""
    value = request.query_params.get(AS_OF)
    if value is None:
        return None
    if not value.strip():
        raise ValidationError(
            {AS_OF: ["Give a date-time, or leave the parameter out."]}
        )
    try:
        at = BoundedDateTimeField().clean(value)
    except DjangoValidationError as exc:
        raise ValidationError({AS_OF: exc.messages}) from exc
    return record_as_of(at=at)


class DetailSerializerMixin:
    """Details carry the rights block themselves; list pages carry it once."""

    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()


@extend_schema_view(
    list=extend_schema(summary="List regulators", tags=["reference"]),
    retrieve=extend_schema(summary="One regulator", tags=["reference"]),
)
class RegulatorViewSet(DetailSerializerMixin, ApiViewSet):
    """Bodies that issue export controls and licences."""

    queryset = Regulator.objects.order_by("short_name", "pk")
    serializer_class = serializers.RegulatorSerializer
    detail_serializer_class = serializers.RegulatorDetailSerializer


@extend_schema_view(
    list=extend_schema(summary="List materials", tags=["reference"]),
    retrieve=extend_schema(summary="One material", tags=["reference"]),
)
class MaterialViewSet(DetailSerializerMixin, ApiViewSet):
    """Controlled materials."""

    queryset = Material.objects.order_by("name", "pk")
    serializer_class = serializers.MaterialSerializer
    detail_serializer_class = serializers.MaterialDetailSerializer
    filterset_class = MaterialFilter


@extend_schema_view(
    list=extend_schema(summary="List instruments", tags=["reference"]),
    retrieve=extend_schema(summary="One instrument", tags=["reference"]),
)
class InstrumentViewSet(DetailSerializerMixin, ApiViewSet):
    """Legal acts that lines of events hang on."""

    queryset = (
        Instrument.objects.select_related("regulator")
        .prefetch_related("materials")
        .order_by("title", "pk")
    )
    serializer_class = serializers.InstrumentSerializer
    detail_serializer_class = serializers.InstrumentDetailSerializer
    filterset_class = InstrumentFilter


@extend_schema_view(
    list=extend_schema(
        summary="List licence events",
        description="Live, public licence events, newest announcement first, "
        "cursor-paged. With `as_of`, the events live at that moment as they were "
        "published then; filters and order read today's record.",
        parameters=[AS_OF_PARAMETER],
        tags=["events"],
    ),
    retrieve=extend_schema(
        summary="One licence event",
        parameters=[AS_OF_PARAMETER],
        tags=["events"],
    ),
)
class LicenceEventViewSet(DetailSerializerMixin, ApiViewSet):
    """Licence and export-control events: the policy record."""

    queryset = (
        LicenceEventPage.objects.none()
    )  # the schema's model; reads use get_queryset
    changed_field = "last_published_at"
    serializer_class = serializers.LicenceEventSerializer
    detail_serializer_class = serializers.LicenceEventDetailSerializer
    filterset_class = LicenceEventFilter
    pagination_class = KeysetPagination
    cursor_orderings = {
        "-announced_on": ("-announced_on", "-id"),
        "announced_on": ("announced_on", "id"),
    }

    def allowed_query_parameters(self) -> set[str]:
        return super().allowed_query_parameters() | {AS_OF}

    @cached_property
    def as_of(self) -> RecordAsOf | None:
        """The record as it stood at `?as_of=`, or None for the record as it is."""
        return as_of_record(self.request)

    def get_queryset(self):
        if self.as_of is not None:
            return licence_event_as_of_queryset(record=self.as_of)
        return licence_event_public_queryset()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.as_of is not None and page is not None:
            page = licence_events_as_they_were(record=self.as_of, pages=page)
            self.served = page
        return page

    def get_object(self):
        event = super().get_object()
        if self.as_of is not None:
            event = licence_event_as_of(record=self.as_of, pk=event.pk)
            if event is None:
                raise NotFound()
            self.served = [event]
        return event

    def previous_of(self, event):
        """The previous event readers could see (then, with `as_of`)."""
        if self.as_of is None:
            return licence_event_public_previous(event=event)
        if not event.previous_event_id:
            return None
        return licence_event_as_of(record=self.as_of, pk=event.previous_event_id)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        served = context["served"]
        facts = [serializers.event_facts(e) for e in served]
        cited = [c for event in facts for fact in event for c in fact["citations"]]
        context["citations"] = citation_targets(
            event_ids=[c["event"] for c in cited]
            + [e.previous_event_id for e in served],
            report_ids=[c["report"] for c in cited],
        )
        return context

    @extend_schema(
        summary="What changed since the previous event",
        description="Dimension-by-dimension transitions against the previous public "
        "event on the same instrument; with none, every dimension is new.",
        responses=serializers.LicenceEventDiffSerializer,
        parameters=[AS_OF_PARAMETER],
        tags=["events"],
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        event = self.get_object()
        previous = self.previous_of(event)
        data = {
            "event": serializers.event_link(event, request),
            "previous_event": (
                serializers.event_link(previous, request) if previous else None
            ),
            "transitions": [
                {
                    "dimension": t.dimension,
                    "before": t.before,
                    "after": t.after,
                    "change": str(t.change),
                    "before_statement": t.before_statement,
                    "after_statement": t.after_statement,
                }
                for t in licence_event_diff(event=event, previous=previous)
            ],
        }
        serializer = serializers.LicenceEventDiffSerializer(
            data, context=self.get_serializer_context()
        )
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(
        summary="The export regime on a date",
        description="For each material (all, or those named), what applies on the "
        "date: whether exports are controlled, the licence route, each instrument's "
        "standing, and every state the regime has been in, each citing the live "
        "event that establishes it. Dates are calendar days; default today.",
        responses=serializers.RegimeSerializer(many=True),
        parameters=[AS_OF_PARAMETER],
        tags=["events"],
    ),
)
class RegimeViewSet(ApiViewSet):
    """What applies to exporting each material on a date, computed from the record."""

    queryset = Material.objects.order_by("name", "pk")
    serializer_class = serializers.RegimeSerializer
    filterset_class = RegimeFilter

    def allowed_query_parameters(self) -> set[str]:
        return super().allowed_query_parameters() | {AS_OF}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "citations": None}

    def list(self, request, *args, **kwargs):
        filterset = RegimeFilter(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        record = as_of_record(request)
        on = filterset.form.cleaned_data.get("on")
        if on is None:
            moment = record.at if record is not None else timezone.now()
            on = timezone.localdate(moment)
        # The regime depends on the day as well as on the record.
        not_modified = self.answer_from_validator(filterset.qs, on.isoformat())
        if not_modified is not None:
            return not_modified
        materials = self.paginate_queryset(filterset.qs)
        events = None
        if record is not None:
            pages = licence_event_as_of_queryset(record=record)
            events = licence_events_as_they_were(record=record, pages=pages)
        found = material_regimes(materials=materials, on=on, events=events)
        serializer = serializers.RegimeSerializer(
            [serializers.regime_data(f, request) for f in found], many=True
        )
        return self.get_paginated_response(serializer.data)


@extend_schema_view(
    list=extend_schema(
        summary="List open questions",
        description="Every fact a live event left undisclosed, as a question, oldest "
        "first: open, carried to a later event that leaves it undisclosed again, or "
        "answered by a later event or by reporting.",
        tags=["events"],
    ),
    retrieve=extend_schema(summary="One open question", tags=["events"]),
)
class OpenQuestionViewSet(DetailSerializerMixin, ApiViewSet):
    """What is still unknown, and since when."""

    queryset = OpenQuestion.objects.none()  # the schema's model; reads below
    changed_field = "updated_at"
    serializer_class = serializers.OpenQuestionSerializer
    detail_serializer_class = serializers.OpenQuestionDetailSerializer
    filterset_class = OpenQuestionFilter

    def get_queryset(self):
        return open_question_public_queryset()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["citations"] = citation_targets(
            event_ids=[q.closed_by_event_id for q in context["served"]], report_ids=[]
        )
        return context


@extend_schema_view(
    list=extend_schema(summary="List ingested reports (staff)", tags=["staff"]),
    retrieve=extend_schema(summary="One ingested report (staff)", tags=["staff"]),
)
class ReportViewSet(DetailSerializerMixin, ApiViewSet):
    """Outside reports in the editors' inbox: staff keys only."""

    permission_classes = [HasStaffApiKey]
    private = True
    queryset = Report.objects.select_related("source").order_by("-first_seen_at", "-pk")
    changed_field = "last_changed_at"
    serializer_class = serializers.ReportSerializer
    detail_serializer_class = serializers.ReportDetailSerializer
    filterset_class = ReportFilter


@extend_schema_view(
    list=extend_schema(summary="List annotations (staff)", tags=["staff"]),
    retrieve=extend_schema(summary="One annotation (staff)", tags=["staff"]),
)
class AnnotationViewSet(DetailSerializerMixin, ApiViewSet):
    """Editors' notes on reports: staff keys only."""

    permission_classes = [HasStaffApiKey]
    private = True
    queryset = Annotation.objects.select_related("author").order_by("created_at", "pk")
    changed_field = "updated_at"
    serializer_class = serializers.AnnotationSerializer
    detail_serializer_class = serializers.AnnotationDetailSerializer
    filterset_class = AnnotationFilter
