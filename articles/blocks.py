"""StreamField blocks for analysis articles.

Block and child names are part of the API and of stored content: keep them stable.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

from policy.blocks import CitationBlock, EventChooserBlock, ReportChooserBlock
from policy.diff import facts_from_stream
from policy.selectors.events import licence_event_embeds
from policy.vocabulary import Dimension, FactState, dimension_label, state_groups
from rexchange.publication.chosen import ReadAhead

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


# -- API representations -------------------------------------------------------
# Each block says how it looks to API consumers (Wagtail's get_api_representation).
# The context carries the request, heading anchors by block id, and what the view
# loaded once for every article it serves (event embeds), so a body costs the same
# queries at any length.


def _absolute(url: str | None, context) -> str | None:
    request = (context or {}).get("request")
    if not url:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def _event_link(event, context) -> dict:
    request = (context or {}).get("request")
    return {"id": event.pk, "title": event.title, "url": event.get_full_url(request)}


def _fact_item(item) -> dict:
    dimension = item.get("dimension") or Dimension.OTHER
    return {
        "dimension": dimension,
        "dimension_label": dimension_label(dimension),
        "statement": item.get("statement") or "",
    }


HIGHLIGHT_MAX_CHARS = 280


class CountedTextBlock(blocks.TextBlock):
    """Plain text with a character limit that is checked on save and counted live in
    the editor (static/js/character-count.js). The browser never cuts the text: no
    `maxlength`, so a pasted 300-character claim stays whole until the writer edits it.
    """

    def __init__(self, *, limit: int, noun: str = "this text", **kwargs):
        self.limit = limit
        message = (
            f"Keep {noun} to %(limit_value)d characters; it has %(show_value)d. "
            "Shorten it yourself: nothing is cut for you."
        )
        super().__init__(
            validators=[MaxLengthValidator(limit, message=message)], **kwargs
        )

    @cached_property
    def field(self):
        field = super().field
        field.widget.attrs["data-count-limit"] = str(self.limit)
        return field


class HighlightBlock(blocks.StructBlock):
    """A short claim above the lede that API consumers can pull on its own."""

    text = CountedTextBlock(
        limit=HIGHLIGHT_MAX_CHARS,
        noun="a highlight",
        help_text="One plain sentence, at most 280 characters. No formatting.",
    )
    citations = blocks.ListBlock(CitationBlock(), default=[], min_num=0)

    class Meta:
        icon = "pick"
        template = "blocks/highlight.html"
        description = "A short, citable claim shown above the lede."
        preview_value = {
            "text": "MOFCOM has started approving general export licences for some "
            "rare-earth exporters.",
            "citations": [],
        }


class HighlightsBlock(blocks.StreamBlock):
    """The one to five highlights that open an article."""

    highlight = HighlightBlock()

    class Meta:
        min_num = 1
        max_num = 5

    def clean(self, value):
        # Wagtail's own count messages are generic; tell editors what the rule is for.
        count = len([child for child in value if child is not None])
        if count < 1:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        "Add at least one highlight: the short claims readers and API "
                        "consumers see first."
                    )
                ]
            )
        if count > 5:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        f"Keep to five highlights at most; there are {count}."
                    )
                ]
            )
        return super().clean(value)


class HeadingValue(blocks.StructValue):
    """Template helpers for a section heading."""

    def tag(self) -> str:
        """The HTML element for this heading, h2 or h3."""
        return f"h{self.get('level') or 2}"


class HeadingBlock(blocks.StructBlock):
    """A section heading; level-2 and level-3 headings build the table of contents."""

    text = blocks.CharBlock(
        max_length=200,
        help_text="The section title, e.g. 'What actually changed — and what didn't'.",
    )
    level = blocks.ChoiceBlock(
        choices=[("2", "Section (h2)"), ("3", "Subsection (h3)")],
        default="2",
        help_text="h2 for sections, h3 inside them; the contents list shows both.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        value_class = HeadingValue
        description = "A section heading that appears in the table of contents."
        preview_value = {"text": "What actually changed", "level": "2"}

    def get_api_representation(self, value, context=None):
        anchors = (context or {}).get("anchors") or {}
        return {
            "text": value.get("text") or "",
            "level": int(value.get("level") or 2),
            "anchor": anchors.get((context or {}).get("block_id")) or "",
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"text": ValidationError("A heading needs some text.")}
            )
        return value


class ParagraphBlock(blocks.RichTextBlock):
    """Body text with inline links to primary and secondary sources."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = "Paragraphs of body text with links."
        preview_value = "<p>MOFCOM said some applications had been approved.</p>"

    def get_api_representation(self, value, context=None):
        return {"html": expand_db_html(value.source) if value is not None else ""}


class QuoteBlock(blocks.StructBlock):
    """A quotation set apart from the text, with who said it."""

    quote = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Who said it, e.g. 'MOFCOM spokesperson'.",
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A pull quote or quotation with attribution."
        preview_value = {
            "quote": "Licences remain conditional.",
            "attribution": "MOFCOM",
        }

    def get_api_representation(self, value, context=None):
        return {
            "quote": value.get("quote") or "",
            "attribution": value.get("attribution") or "",
        }


class FigureImageChooserBlock(ReadAhead, ImageChooserBlock):
    """Choose an image; images the page read ahead are not read again."""

    canonical_module_path = "wagtail.images.blocks.ImageChooserBlock"


class FigureBlock(blocks.StructBlock):
    """An image with required alt text, caption and credit."""

    image = FigureImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for screen readers, e.g. 'Bar chart of exports'.",
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(
        required=False, max_length=120, help_text="e.g. 'Photo: Reuters'."
    )

    class Meta:
        icon = "image"
        template = "blocks/figure.html"
        description = "An image with alt text, caption and credit."

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        return {
            "image": (
                {
                    "id": image.pk,
                    "title": image.title,
                    "url": _absolute(image.file.url, context),
                    "width": image.width,
                    "height": image.height,
                }
                if image is not None
                else None
            ),
            "alt_text": value.get("alt_text") or "",
            "caption": value.get("caption") or "",
            "credit": value.get("credit") or "",
        }


class CalloutBlock(blocks.StructBlock):
    """A boxed aside: a definition, a caveat or a key number."""

    title = blocks.CharBlock(
        max_length=120, help_text="e.g. 'What is a general licence?'"
    )
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        description = "A boxed aside set apart from the body text."
        preview_value = {"title": "Note", "text": "<p>An aside.</p>"}

    def get_api_representation(self, value, context=None):
        text = value.get("text")
        return {
            "title": value.get("title") or "",
            "html": expand_db_html(text.source) if text is not None else "",
        }


class ArticleEmbedBlock(EmbedBlock):
    """A video or post from a provider such as YouTube, embedded by its URL."""

    class Meta:
        icon = "media"
        description = "A video or post embedded by its URL."

    def get_api_representation(self, value, context=None):
        return {"url": getattr(value, "url", None) or None}


class FactItemValue(blocks.StructValue):
    """Template helpers for one fact."""

    def dimension_label(self) -> str:
        """The reader-facing name of the fact's dimension, e.g. 'Legal basis'."""
        return dimension_label(self.get("dimension"))


class FactItemBlock(blocks.StructBlock):
    """One fact about a dimension of a licence regime."""

    dimension = blocks.ChoiceBlock(choices=Dimension.choices, default=Dimension.OTHER)
    statement = blocks.TextBlock(
        max_length=500,
        help_text="One sentence, e.g. 'Which exporters qualify is not named.'",
    )

    class Meta:
        icon = "list-ul"
        value_class = FactItemValue


class WhatChangedValue(blocks.StructValue):
    """Template helpers for the what-changed block."""

    def groups(self) -> list[tuple[str, str, list]]:
        """The three lists in reading order as (key, label, items)."""
        return state_groups({state: self.get(state) for state in FactState.values})


class WhatChangedBlock(blocks.StructBlock):
    """What an event changed, left alone and left undisclosed, as three lists."""

    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Optional; leave empty when a heading just above says it.",
    )
    changed = blocks.ListBlock(FactItemBlock(), default=[])
    unchanged = blocks.ListBlock(FactItemBlock(), default=[])
    undisclosed = blocks.ListBlock(FactItemBlock(), default=[])

    class Meta:
        icon = "tasks"
        template = "blocks/what_changed.html"
        value_class = WhatChangedValue
        description = "Three lists: changed, unchanged and undisclosed."
        preview_value = {
            "title": "What actually changed — and what didn't",
            "changed": [{"dimension": "procedure", "statement": "General licences."}],
            "unchanged": [{"dimension": "scope", "statement": "Controls remain."}],
            "undisclosed": [{"dimension": "exporters", "statement": "Not named."}],
        }

    def get_api_representation(self, value, context=None):
        return {
            "title": value.get("title") or "",
            **{
                state: [_fact_item(item) for item in value.get(state) or []]
                for state in FactState.values
            },
        }

    def clean(self, value):
        value = super().clean(value)
        if not any(value.get(k) for k in ("changed", "unchanged", "undisclosed")):
            raise blocks.StructBlockValidationError(
                non_block_errors=["Add at least one item to one of the three lists."]
            )
        return value


class EventFactsBlock(blocks.StructBlock):
    """A licence event's facts and transitions, shown from the policy record.

    The facts are not retyped: they come from the event page, so a correction there
    reaches every article. An event that is not live and public renders nothing.
    """

    event = EventChooserBlock(
        page_type="policy.LicenceEventPage",
        help_text="The licence event whose facts to show; drafts are not shown to "
        "readers until they are published.",
    )
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Optional; defaults to the event's title.",
    )
    show_transitions = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Also list what moved since the previous event.",
    )

    class Meta:
        icon = "date"
        template = "blocks/event_facts.html"
        description = "A licence event's changed, unchanged and undisclosed facts."

    def get_api_representation(self, value, context=None):
        """The event (null unless live and public), its facts by state and, when
        the block shows them, its transitions since the previous public event."""
        chosen = value.get("event")
        embeds = (context or {}).get("event_embeds")
        if embeds is None and chosen is not None:
            embeds = licence_event_embeds(ids=[chosen.pk])
        embed = (embeds or {}).get(chosen.pk) if chosen is not None else None
        facts = {state: [] for state in FactState.values}
        transitions = []
        if embed is not None:
            for fact in facts_from_stream(embed.event.facts):
                facts.setdefault(fact.state, []).append(
                    {
                        "dimension": fact.dimension,
                        "dimension_label": dimension_label(fact.dimension),
                        "statement": fact.statement,
                    }
                )
            if value.get("show_transitions"):
                transitions = [
                    {
                        "dimension": t.dimension,
                        "before": t.before,
                        "after": t.after,
                        "change": str(t.change.value),
                        "before_statement": t.before_statement,
                        "after_statement": t.after_statement,
                    }
                    for t in embed.transitions
                ]
        return {
            "event": _event_link(embed.event, context) if embed else None,
            "title": value.get("title") or (embed.event.title if embed else ""),
            "show_transitions": bool(value.get("show_transitions")),
            "facts": {state: facts[state] for state in FactState.values},
            "transitions": transitions,
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        chosen = value.get("event")
        # ArticlePage.get_context looks all embeds up in one go; alone (previews,
        # other pages) the block looks up its own.
        embeds = (parent_context or {}).get("event_embeds")
        if embeds is None and chosen is not None:
            embeds = licence_event_embeds(ids=[chosen.pk])
        context["embed"] = (embeds or {}).get(chosen.pk) if chosen else None
        request = context.get("request")
        # Readers see nothing; an editor previewing the article is told why.
        context["hidden_in_preview"] = (
            chosen is not None
            and context["embed"] is None
            and getattr(request, "is_preview", False)
        )
        return context


class ReportingAssessmentValue(blocks.StructValue):
    """Template helpers: the outlet, the link and its label, report or typed in."""

    def outlet(self) -> str:
        """The outlet's name: as typed, else the cited report's source."""
        report = self.get("report")
        if self.get("source_name"):
            return self.get("source_name")
        return report.source.name if report is not None else ""

    def href(self) -> str:
        """The report's original address, else the URL typed in."""
        report = self.get("report")
        if report is not None and report.canonical_url:
            return report.canonical_url
        return self.get("url") or ""

    def label(self) -> str:
        """What the link says: the cited report's title, else the outlet."""
        report = self.get("report")
        return report.title if report is not None else self.outlet()


class ReportingAssessmentBlock(blocks.StructBlock):
    """Our reading of an outside report: what it gets right and what it leaves out."""

    report = ReportChooserBlock(
        required=False,
        help_text="An ingested report from the inbox: the page links its original "
        "and names its outlet.",
    )
    source_name = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="e.g. 'Asian Metal'. Leave empty to use the chosen report's outlet.",
    )
    url = blocks.URLBlock(
        required=False,
        help_text="Link to the report, if public. Not needed with a chosen report.",
    )
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Optional; leave empty when a heading just above says it.",
    )
    gets_right = blocks.ListBlock(
        blocks.TextBlock(max_length=500), default=[], label="What it gets right"
    )
    leaves_out = blocks.ListBlock(
        blocks.TextBlock(max_length=500), default=[], label="What it leaves out"
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/reporting_assessment.html"
        value_class = ReportingAssessmentValue
        description = "An assessment of a secondary source's report."
        preview_value = {
            "source_name": "Asian Metal",
            "gets_right": ["Reports the approvals."],
            "leaves_out": ["Which firms."],
        }

    def get_api_representation(self, value, context=None):
        report = value.get("report")
        return {
            "report": (
                {
                    "id": report.pk,
                    "title": report.title,
                    "url": report.canonical_url or None,
                    "outlet": report.source.name,
                }
                if report is not None
                else None
            ),
            "source_name": value.outlet(),
            "url": value.href() or None,
            "title": value.get("title") or "",
            "gets_right": [str(t) for t in value.get("gets_right") or []],
            "leaves_out": [str(t) for t in value.get("leaves_out") or []],
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("source_name") or value.get("report")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "source_name": ValidationError(
                        "Name the outlet, or choose a report from the inbox."
                    )
                }
            )
        return value


class SourceBlock(blocks.StructBlock):
    """An entry in the article's source list."""

    label = blocks.CharBlock(max_length=250, help_text="e.g. 'MOFCOM announcement'.")
    url = blocks.URLBlock()
    publisher = blocks.CharBlock(
        required=False, max_length=200, help_text="e.g. 'MOFCOM'."
    )
    accessed = blocks.DateBlock(required=False, help_text="When we last checked it.")

    class Meta:
        icon = "link-external"
        template = "blocks/source.html"
        description = "A source consulted for the article."


class ArticleBodyBlock(blocks.StreamBlock):
    """Everything an analysis article's body may contain."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    figure = FigureBlock()
    callout = CalloutBlock()
    embed = ArticleEmbedBlock(
        icon="media",
        help_text="A YouTube or similar link; it is fetched when the page is saved.",
    )
    what_changed = WhatChangedBlock()
    event_facts = EventFactsBlock()
    reporting_assessment = ReportingAssessmentBlock()

    def get_api_representation(self, value, context=None):
        """Each block as one flat object: its type, its id and its own fields."""
        if value is None:
            return []
        return [
            {
                "type": child.block.name,
                "id": child.id,
                **child.block.get_api_representation(
                    child.value, context={**(context or {}), "block_id": child.id}
                ),
            }
            for child in value
        ]
