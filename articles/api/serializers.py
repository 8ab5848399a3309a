"""How articles and highlights look to API consumers."""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from policy.api.serializers import TransitionSerializer
from policy.citations.serializers import (
    CitationSerializer,
    EventLinkSerializer,
    ReportLinkSerializer,
    citation_data,
)
from policy.citations.targets import CitationTargets
from policy.vocabulary import Dimension
from rexchange.api.serializers import RightsField

from ..models import ArticlePage, Author, Highlight, Topic

# -- small shapes ---------------------------------------------------------------


class AuthorSerializer(serializers.ModelSerializer):
    """A credited writer or analyst."""

    class Meta:
        model = Author
        fields = ["id", "name", "slug", "role"]


class TopicSerializer(serializers.ModelSerializer):
    """A subject articles are filed under."""

    class Meta:
        model = Topic
        fields = ["id", "name", "slug"]


class ArticleLinkSerializer(serializers.Serializer):
    """An article, named and linked."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class ArticleHighlightSerializer(serializers.Serializer):
    """A highlight as listed inside its article."""

    id = serializers.UUIDField()
    position = serializers.IntegerField(help_text="1 for the first highlight.")
    text = serializers.CharField()
    citations = CitationSerializer(many=True)


class SourceSerializer(serializers.Serializer):
    """An entry in an article's source list."""

    label = serializers.CharField()
    url = serializers.URLField()
    publisher = serializers.CharField(allow_blank=True)
    accessed = serializers.DateField(allow_null=True)


class TocEntrySerializer(serializers.Serializer):
    """A line of the table of contents."""

    anchor = serializers.CharField()
    text = serializers.CharField()
    level = serializers.IntegerField()


def _targets(context) -> CitationTargets:
    return context.get("citations") or CitationTargets()


def highlight_citations(highlight: Highlight, context) -> list[dict]:
    """A highlight's stored citations resolved against public events and reports."""
    request = context.get("request")
    return [citation_data(c, _targets(context), request) for c in highlight.citations]


# -- typed body blocks ----------------------------------------------------------
# These serializers only describe the shapes for the schema; each block renders
# itself (get_api_representation in articles/blocks.py).


def _type(name: str) -> serializers.CharField:
    field_class = type(f"{name.title()}TypeField", (serializers.CharField,), {})
    extend_schema_field(
        {"type": "string", "enum": [name], "description": "The block type."}
    )(field_class)
    return field_class()


class _Block(serializers.Serializer):
    id = serializers.CharField(help_text="Stable block id.")


class HeadingBlockSerializer(_Block):
    """A section heading; its anchor matches the table of contents."""

    type = _type("heading")
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=[(2, "h2"), (3, "h3")])
    anchor = serializers.CharField()


class ParagraphBlockSerializer(_Block):
    """Body text as HTML."""

    type = _type("paragraph")
    html = serializers.CharField(allow_blank=True)


class QuoteBlockSerializer(_Block):
    """A quotation and who said it."""

    type = _type("quote")
    quote = serializers.CharField()
    attribution = serializers.CharField(allow_blank=True)


class ImageSerializer(serializers.Serializer):
    """An image file."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class FigureBlockSerializer(_Block):
    """An image with alt text, caption and credit; null image once it is deleted."""

    type = _type("figure")
    image = ImageSerializer(allow_null=True)
    alt_text = serializers.CharField(allow_blank=True)
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)


class CalloutBlockSerializer(_Block):
    """A boxed aside."""

    type = _type("callout")
    title = serializers.CharField(allow_blank=True)
    html = serializers.CharField(allow_blank=True)


class EmbedBlockSerializer(_Block):
    """An embedded video or post, by URL."""

    type = _type("embed")
    url = serializers.URLField(allow_null=True)


class FactItemSerializer(serializers.Serializer):
    """One item of a what-changed list."""

    dimension = serializers.ChoiceField(choices=Dimension.choices)
    dimension_label = serializers.CharField()
    statement = serializers.CharField(allow_blank=True)


class WhatChangedBlockSerializer(_Block):
    """What an event changed, left alone and left undisclosed."""

    type = _type("what_changed")
    title = serializers.CharField(allow_blank=True)
    changed = FactItemSerializer(many=True)
    unchanged = FactItemSerializer(many=True)
    undisclosed = FactItemSerializer(many=True)


class EmbeddedFactsSerializer(serializers.Serializer):
    """An embedded event's facts, grouped by what is known."""

    changed = FactItemSerializer(many=True)
    unchanged = FactItemSerializer(many=True)
    undisclosed = FactItemSerializer(many=True)


class EventFactsBlockSerializer(_Block):
    """A licence event's facts, from the policy record. `event` is null (and the
    lists empty) when the event is not live and public."""

    type = _type("event_facts")
    event = EventLinkSerializer(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    show_transitions = serializers.BooleanField()
    facts = EmbeddedFactsSerializer()
    transitions = TransitionSerializer(
        many=True,
        help_text="What moved since the previous public event; empty unless "
        "show_transitions.",
    )


class ReportingAssessmentBlockSerializer(_Block):
    """Our reading of an outside report: the chosen report (or null), the outlet
    and link, what it gets right and what it leaves out."""

    type = _type("reporting_assessment")
    report = ReportLinkSerializer(allow_null=True)
    source_name = serializers.CharField(
        allow_blank=True, help_text="The outlet: as typed, else the report's source."
    )
    url = serializers.URLField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    gets_right = serializers.ListField(child=serializers.CharField())
    leaves_out = serializers.ListField(child=serializers.CharField())


BODY_BLOCK_SERIALIZERS = {
    "heading": HeadingBlockSerializer,
    "paragraph": ParagraphBlockSerializer,
    "quote": QuoteBlockSerializer,
    "figure": FigureBlockSerializer,
    "callout": CalloutBlockSerializer,
    "embed": EmbedBlockSerializer,
    "what_changed": WhatChangedBlockSerializer,
    "event_facts": EventFactsBlockSerializer,
    "reporting_assessment": ReportingAssessmentBlockSerializer,
}

BODY_BLOCK_SCHEMA = PolymorphicProxySerializer(
    component_name="BodyBlock",
    serializers=BODY_BLOCK_SERIALIZERS,
    resource_type_field_name="type",
    many=True,
)


# -- articles -------------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    """An analysis article with its highlights, events and sources."""

    url = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    topics = TopicSerializer(many=True)
    highlights = serializers.SerializerMethodField()
    related_events = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()

    class Meta:
        model = ArticlePage
        fields = [
            "id",
            "slug",
            "title",
            "dek",
            "url",
            "publication_date",
            "first_published_at",
            "last_published_at",
            "authors",
            "topics",
            "highlights",
            "related_events",
            "sources",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, obj) -> str | None:
        return obj.get_full_url(self.context.get("request"))

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, obj):
        return AuthorSerializer([b.author for b in obj.bylines.all()], many=True).data

    @extend_schema_field(ArticleHighlightSerializer(many=True))
    def get_highlights(self, obj):
        return [
            {
                "id": str(h.pk),
                "position": h.position,
                "text": h.text,
                "citations": highlight_citations(h, self.context),
            }
            for h in obj.api_highlights.all()
        ]

    @extend_schema_field(EventLinkSerializer(many=True))
    def get_related_events(self, obj):
        request = self.context.get("request")
        return [
            {"id": e.pk, "title": e.title, "url": e.get_full_url(request)}
            for e in obj.related_events.all()
        ]

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, obj):
        sources = []
        for child in obj.sources.raw_data:
            value = child.get("value") or {}
            sources.append(
                {
                    "label": value.get("label") or "",
                    "url": value.get("url") or "",
                    "publisher": value.get("publisher") or "",
                    "accessed": value.get("accessed") or None,
                }
            )
        return sources


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its table of contents and body as typed blocks."""

    table_of_contents = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    rights = RightsField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "table_of_contents", "body", "rights"]

    @extend_schema_field(TocEntrySerializer(many=True))
    def get_table_of_contents(self, obj):
        return [
            {"anchor": e.anchor, "text": e.text, "level": e.level}
            for e in obj.table_of_contents
        ]

    @extend_schema_field(BODY_BLOCK_SCHEMA)
    def get_body(self, obj):
        context = {
            "request": self.context.get("request"),
            "anchors": {b.id: anchor for b, anchor in obj.body_items if anchor},
            "event_embeds": self.context.get("event_embeds"),
        }
        return obj.body.stream_block.get_api_representation(obj.body, context)


# -- highlights -----------------------------------------------------------------


class HighlightSerializer(serializers.ModelSerializer):
    """One highlight: a short, citable claim from a published article."""

    article = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    citations = serializers.SerializerMethodField()

    class Meta:
        model = Highlight
        fields = [
            "id",
            "position",
            "text",
            "article",
            "published_at",
            "updated_at",
            "topics",
            "citations",
        ]

    @extend_schema_field(ArticleLinkSerializer)
    def get_article(self, obj):
        article = obj.article
        return {
            "id": article.pk,
            "title": article.title,
            "url": article.get_full_url(self.context.get("request")),
        }

    @extend_schema_field(TopicSerializer(many=True))
    def get_topics(self, obj):
        return TopicSerializer(obj.article.topics.all(), many=True).data

    @extend_schema_field(CitationSerializer(many=True))
    def get_citations(self, obj):
        return highlight_citations(obj, self.context)


class HighlightDetailSerializer(HighlightSerializer):
    """One highlight, with the rights block."""

    rights = RightsField()

    class Meta(HighlightSerializer.Meta):
        fields = [*HighlightSerializer.Meta.fields, "rights"]
