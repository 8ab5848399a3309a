"""How the policy record looks to API consumers.

Citations are resolved to public events and reports here, from lookups the view
loads once per page, so a list costs the same number of queries at any length.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policy.citations.serializers import (
    CitationSerializer,
    EventLinkSerializer,
    ReportLinkSerializer,
    citation_data,
    event_link,
)
from policy.citations.stored import facts_with_citations
from policy.citations.targets import CitationTargets
from policy.models import (
    Instrument,
    LicenceEventPage,
    Material,
    OpenQuestion,
    Regulator,
)
from policy.reporting.models import Annotation, Report
from rexchange.api.serializers import RightsField, with_rights

from ..citations.stored import citations_distinct
from ..diff import Change
from ..regime import InstrumentStatus, Route
from ..vocabulary import Dimension, FactState, codes_from_text, dimension_label

# -- reference data -------------------------------------------------------------


class RegulatorSummarySerializer(serializers.ModelSerializer):
    """A regulator, briefly."""

    class Meta:
        model = Regulator
        fields = ["id", "name", "short_name", "slug", "jurisdiction"]


class RegulatorSerializer(serializers.ModelSerializer):
    """A body that issues export controls or licences."""

    class Meta:
        model = Regulator
        fields = ["id", "name", "short_name", "slug", "jurisdiction", "website"]


class MaterialSummarySerializer(serializers.ModelSerializer):
    """A material, briefly."""

    class Meta:
        model = Material
        fields = ["id", "name", "symbol", "slug", "category"]


class MaterialSerializer(serializers.ModelSerializer):
    """A controlled material."""

    hs_codes = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = ["id", "name", "symbol", "slug", "category", "hs_codes"]

    def get_hs_codes(self, obj) -> list[str]:
        return codes_from_text(obj.hs_codes)


class InstrumentSummarySerializer(serializers.ModelSerializer):
    """An instrument, briefly."""

    class Meta:
        model = Instrument
        fields = ["id", "title", "slug", "document_reference", "status"]


class InstrumentSerializer(serializers.ModelSerializer):
    """The legal act a line of events hangs on."""

    regulator = RegulatorSummarySerializer()
    materials = MaterialSummarySerializer(many=True)
    control_codes = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "id",
            "title",
            "slug",
            "document_reference",
            "status",
            "regulator",
            "materials",
            "control_codes",
        ]

    def get_control_codes(self, obj) -> list[str]:
        return codes_from_text(obj.control_codes)


# -- licence events -------------------------------------------------------------


class FactSerializer(serializers.Serializer):
    """One fact of an event: a dimension, what is known of it, and its sources."""

    id = serializers.CharField(help_text="Stable id of the fact within its event.")
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    dimension_label = serializers.CharField()
    statement = serializers.CharField()
    citations = CitationSerializer(many=True)


class FactsByStateSerializer(serializers.Serializer):
    """An event's facts grouped by what is known: changed, unchanged, undisclosed."""

    changed = FactSerializer(many=True)
    unchanged = FactSerializer(many=True)
    undisclosed = FactSerializer(many=True)


def event_facts(event: LicenceEventPage) -> list[dict]:
    """The event's stored facts, parsed once per object."""
    if not hasattr(event, "_api_facts"):
        event._api_facts = facts_with_citations(event.facts.raw_data)
    return event._api_facts


class LicenceEventSerializer(serializers.ModelSerializer):
    """A licence event: every field of the record, facts grouped by state."""

    url = serializers.SerializerMethodField()
    regulator = RegulatorSummarySerializer()
    instrument = InstrumentSummarySerializer(allow_null=True)
    previous_event = serializers.SerializerMethodField()
    materials = MaterialSummarySerializer(many=True)
    destinations = serializers.SerializerMethodField()
    facts = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()

    class Meta:
        model = LicenceEventPage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "event_type",
            "announced_on",
            "effective_on",
            "regulator",
            "instrument",
            "previous_event",
            "materials",
            "destinations",
            "summary",
            "assessment",
            "assessment_reason",
            "confidence",
            "facts",
            "sources",
            "first_published_at",
            "last_published_at",
        ]

    @property
    def _targets(self) -> CitationTargets:
        return self.context.get("citations") or CitationTargets()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, obj) -> str | None:
        return obj.get_full_url(self.context.get("request"))

    @extend_schema_field(EventLinkSerializer(allow_null=True))
    def get_previous_event(self, obj):
        previous = self._targets.events.get(obj.previous_event_id)
        return event_link(previous, self.context.get("request")) if previous else None

    def get_destinations(self, obj) -> list[str]:
        return obj.destination_codes

    @extend_schema_field(FactsByStateSerializer)
    def get_facts(self, obj):
        request = self.context.get("request")
        grouped = {state: [] for state in FactState.values}
        for fact in event_facts(obj):
            dimension = fact["dimension"]
            label = dimension_label(dimension)
            grouped.setdefault(fact["state"], []).append(
                {
                    "id": fact["id"],
                    "dimension": dimension,
                    "dimension_label": label,
                    "statement": fact["statement"],
                    "citations": [
                        citation_data(c, self._targets, request)
                        for c in fact["citations"]
                    ],
                }
            )
        return {state: grouped[state] for state in FactState.values}

    @extend_schema_field(CitationSerializer(many=True))
    def get_sources(self, obj):
        """Every distinct citation across the event's facts, in order of first use."""
        request = self.context.get("request")
        every = [raw for fact in event_facts(obj) for raw in fact["citations"]]
        return [
            citation_data(raw, self._targets, request)
            for raw in citations_distinct(every)
        ]


class TransitionSerializer(serializers.Serializer):
    """How one dimension's knowledge state moved since the previous event."""

    dimension = serializers.ChoiceField(choices=Dimension.choices)
    before = serializers.ChoiceField(choices=FactState.choices, allow_null=True)
    after = serializers.ChoiceField(choices=FactState.choices, allow_null=True)
    change = serializers.ChoiceField(choices=[(c.value, c.value) for c in Change])
    before_statement = serializers.CharField(allow_blank=True)
    after_statement = serializers.CharField(allow_blank=True)


class LicenceEventDiffSerializer(serializers.Serializer):
    """An event's transitions against the previous public event on its instrument."""

    event = EventLinkSerializer()
    previous_event = EventLinkSerializer(allow_null=True)
    transitions = TransitionSerializer(many=True)
    rights = RightsField()


# -- staff: reports and annotations ---------------------------------------------


class SourceSummarySerializer(serializers.Serializer):
    """Where a report came from."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()


class ReportSerializer(serializers.ModelSerializer):
    """An ingested outside report (staff only)."""

    source = SourceSummarySerializer()

    class Meta:
        model = Report
        fields = [
            "id",
            "source",
            "title",
            "author",
            "canonical_url",
            "published_at",
            "summary",
            "text",
            "language",
            "status",
            "encoding_suspect",
            "first_seen_at",
            "last_changed_at",
        ]


class AnnotationSerializer(serializers.ModelSerializer):
    """An editor's note on a report (staff only)."""

    author = serializers.SerializerMethodField()

    class Meta:
        model = Annotation
        fields = [
            "id",
            "report",
            "kind",
            "quote",
            "note",
            "verdict",
            "author",
            "created_at",
            "updated_at",
        ]

    def get_author(self, obj) -> str | None:
        if obj.author is None:
            return None
        return obj.author.get_full_name() or obj.author.get_username()


RegulatorDetailSerializer = with_rights(RegulatorSerializer)
MaterialDetailSerializer = with_rights(MaterialSerializer)
InstrumentDetailSerializer = with_rights(InstrumentSerializer)
LicenceEventDetailSerializer = with_rights(LicenceEventSerializer)
ReportDetailSerializer = with_rights(ReportSerializer)
AnnotationDetailSerializer = with_rights(AnnotationSerializer)


# -- the regime on a date ---------------------------------------------------------


class RegimeInstrumentSerializer(serializers.Serializer):
    """Where one instrument stands for the material, and the event that says so."""

    instrument = InstrumentSummarySerializer(
        allow_null=True, help_text="Null when the event names no instrument."
    )
    status = serializers.ChoiceField(
        choices=[(s.value, s.value) for s in InstrumentStatus]
    )
    since = serializers.DateField()
    until = serializers.DateField(
        allow_null=True, help_text="The last day of a time-limited suspension."
    )
    event = EventLinkSerializer(help_text="The event that gave it this status.")
    in_force_event = EventLinkSerializer(
        allow_null=True, help_text="The event that first put it in force."
    )


class RegimePeriodSerializer(serializers.Serializer):
    """A stretch of days over which the regime stayed the same."""

    starts_on = serializers.DateField(
        allow_null=True, help_text="Null: since before the record begins."
    )
    ends_on = serializers.DateField(allow_null=True, help_text="Null: still so.")
    controlled = serializers.BooleanField()
    route = serializers.ChoiceField(choices=[(r.value, r.value) for r in Route])
    route_label = serializers.CharField()
    event = EventLinkSerializer(
        allow_null=True, help_text="The event that began this state."
    )


class RegimeSerializer(serializers.Serializer):
    """The export regime for one material on one date, every part cited."""

    material = MaterialSummarySerializer()
    on = serializers.DateField()
    controlled = serializers.BooleanField(
        help_text="True when exports need a licence on this date."
    )
    route = serializers.ChoiceField(choices=[(r.value, r.value) for r in Route])
    route_label = serializers.CharField()
    route_since = serializers.DateField(allow_null=True)
    route_event = EventLinkSerializer(
        allow_null=True, help_text="The event that set the route; null if none."
    )
    instruments = RegimeInstrumentSerializer(many=True)
    periods = RegimePeriodSerializer(
        many=True, help_text="Every state the regime has been in, oldest first."
    )


def regime_data(found, request) -> dict:
    """One material's regime (a `MaterialRegime`) as the API shows it."""

    def link(event_id):
        event = found.event(event_id)
        return event_link(event, request) if event is not None else None

    regime = found.regime
    return {
        "material": found.material,
        "on": regime.on,
        "controlled": regime.controlled,
        "route": str(regime.route),
        "route_label": regime.route_label,
        "route_since": regime.route_since,
        "route_event": link(regime.route_event_id),
        "instruments": [
            {
                "instrument": found.instrument(i.key),
                "status": str(i.status),
                "since": i.since,
                "until": i.until,
                "event": link(i.event_id),
                "in_force_event": link(i.in_force_event_id),
            }
            for i in regime.instruments
        ],
        "periods": [
            {
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "controlled": p.regime.controlled,
                "route": str(p.regime.route),
                "route_label": p.regime.route_label,
                "event": link(p.event_id),
            }
            for p in found.periods
        ],
    }


# -- open questions ---------------------------------------------------------------


class AnswerSerializer(serializers.Serializer):
    """How reporting answered a question, as an editor recorded it."""

    report = ReportLinkSerializer(allow_null=True)
    annotation_id = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    answered_on = serializers.DateField(allow_null=True)


class OpenQuestionSerializer(serializers.ModelSerializer):
    """A fact an event left undisclosed, as a question, and what became of it."""

    question = serializers.CharField(
        read_only=True, help_text="The question as readers see it."
    )
    dimension_label = serializers.SerializerMethodField()
    event = serializers.SerializerMethodField()
    regulator = RegulatorSummarySerializer(source="event.regulator")
    materials = MaterialSummarySerializer(source="event.materials", many=True)
    closed_by_event = serializers.SerializerMethodField()
    answered_by = serializers.SerializerMethodField()

    class Meta:
        model = OpenQuestion
        fields = [
            "id",
            "question",
            "dimension",
            "dimension_label",
            "statement",
            "status",
            "first_undisclosed_on",
            "closed_on",
            "event",
            "regulator",
            "materials",
            "closed_by_event",
            "closed_state",
            "answered_by",
            "updated_at",
        ]

    @property
    def _targets(self) -> CitationTargets:
        return self.context.get("citations") or CitationTargets()

    def get_dimension_label(self, obj) -> str:
        return dimension_label(obj.dimension)

    @extend_schema_field(EventLinkSerializer)
    def get_event(self, obj):
        return event_link(obj.event, self.context.get("request"))

    @extend_schema_field(EventLinkSerializer(allow_null=True))
    def get_closed_by_event(self, obj):
        event = self._targets.events.get(obj.closed_by_event_id)
        return event_link(event, self.context.get("request")) if event else None

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answered_by(self, obj):
        if not obj.answered_by_reporting:
            return None
        report = obj.answered_by_report or (
            obj.answered_by_annotation.report if obj.answered_by_annotation else None
        )
        return {
            "report": (
                {
                    "id": report.pk,
                    "title": report.title,
                    "url": report.canonical_url or None,
                    "outlet": report.source.name,
                }
                if report
                else None
            ),
            "annotation_id": obj.answered_by_annotation_id,
            "note": obj.answer,
            "answered_on": obj.answered_on,
        }


OpenQuestionDetailSerializer = with_rights(OpenQuestionSerializer)
