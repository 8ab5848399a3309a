"""How articles and highlights look to API consumers."""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from policy.citations.serializers import (
    CitationSerializer,
    EventLinkSerializer,
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


def _type(name: str) -> serializers.CharField:
    field = serializers.CharField(help_text="The block type.")
    return extend_schema_field({"type": "string", "enum": [name]})(field)


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
    html = serializers.CharField()


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
    """An image with alt text, caption and credit."""

    type = _type("figure")
    image = ImageSerializer(allow_null=True)
    alt_text = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)


class CalloutBlockSerializer(_Block):
    """A boxed aside."""

    type = _type("callout")
    title = serializers.CharField()
    html = serializers.CharField()


class EmbedBlockSerializer(_Block):
    """An embedded video or post, by URL."""

    type = _type("embed")
    url = serializers.URLField(allow_null=True)


class FactItemSerializer(serializers.Serializer):
    """One item of a what-changed list."""

    dimension = serializers.ChoiceField(choices=Dimension.choices)
    dimension_label = serializers.CharField()
    statement = serializers.CharField()


class WhatChangedBlockSerializer(_Block):
    """What an event changed, left alone and left undisclosed."""

    type = _type("what_changed")
    title = serializers.CharField(allow_blank=True)
    changed = FactItemSerializer(many=True)
    unchanged = FactItemSerializer(many=True)
    undisclosed = FactItemSerializer(many=True)


class ReportingAssessmentBlockSerializer(_Block):
    """Our reading of an outside report."""

    type = _type("reporting_assessment")
    source_name = serializers.CharField()
    url = serializers.URLField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    gets_right = serializers.ListField(child=serializers.CharField())
    leaves_out = serializers.ListField(child=serializers.CharField())


BODY_BLOCK_SCHEMA = PolymorphicProxySerializer(
    component_name="BodyBlock",
    serializers={
        "heading": HeadingBlockSerializer,
        "paragraph": ParagraphBlockSerializer,
        "quote": QuoteBlockSerializer,
        "figure": FigureBlockSerializer,
        "callout": CalloutBlockSerializer,
        "embed": EmbedBlockSerializer,
        "what_changed": WhatChangedBlockSerializer,
        "reporting_assessment": ReportingAssessmentBlockSerializer,
    },
    resource_type_field_name="type",
    many=True,
)


def _fact_items(items) -> list[dict]:
    return [
        {
            "dimension": item.get("dimension") or Dimension.OTHER,
            "dimension_label": item.dimension_label(),
            "statement": item.get("statement") or "",
        }
        for item in items or []
    ]


def _image(image, request) -> dict | None:
    if image is None:
        return None
    url = image.file.url
    return {
        "id": image.pk,
        "title": image.title,
        "url": request.build_absolute_uri(url) if request else url,
        "width": image.width,
        "height": image.height,
    }


def body_block_data(block, anchor: str | None, request) -> dict:
    """One body block as a typed object: its type, its id and its own fields."""
    kind, value = block.block_type, block.value
    data = {"type": kind, "id": block.id}
    if kind == "heading":
        data.update(text=value["text"], level=int(value["level"]), anchor=anchor)
    elif kind == "paragraph":
        data["html"] = expand_db_html(value.source)
    elif kind == "quote":
        data.update(quote=value["quote"], attribution=value.get("attribution") or "")
    elif kind == "figure":
        data.update(
            image=_image(value.get("image"), request),
            alt_text=value.get("alt_text") or "",
            caption=value.get("caption") or "",
            credit=value.get("credit") or "",
        )
    elif kind == "callout":
        data.update(title=value["title"], html=expand_db_html(value["text"].source))
    elif kind == "embed":
        data["url"] = getattr(value, "url", None) or None
    elif kind == "what_changed":
        data.update(
            title=value.get("title") or "",
            changed=_fact_items(value.get("changed")),
            unchanged=_fact_items(value.get("unchanged")),
            undisclosed=_fact_items(value.get("undisclosed")),
        )
    elif kind == "reporting_assessment":
        data.update(
            source_name=value["source_name"],
            url=value.get("url") or None,
            title=value.get("title") or "",
            gets_right=list(value.get("gets_right") or []),
            leaves_out=list(value.get("leaves_out") or []),
        )
    return data


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
        request = self.context.get("request")
        return [body_block_data(b, anchor, request) for b, anchor in obj.body_items]


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
