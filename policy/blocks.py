"""StreamField blocks for the policy record: citations and facts.

Articles import these, so a claim in an article and a fact on an event cite sources
the same way. Block and child names are stored data: keep them stable.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from rexchange.publication.chosen import ReadAhead
from rexchange.publication.visibility import page_is_visible

from .vocabulary import Dimension, FactState, dimension_label, state_label


class ReportChooserBlock(ReadAhead, SnippetChooserBlock):
    """Choose an ingested report; its outlet comes with it in the same query."""

    def __init__(self, **kwargs):
        super().__init__("policy.Report", **kwargs)

    def read_queryset(self):
        # Pages name the outlet of every cited report: join the source up front so
        # a page citing thirty reports still runs one query for all of them.
        return self.target_model.objects.select_related("source")

    def to_python(self, value):
        if value is None:
            return None
        return self.read_queryset().filter(pk=value).first()


class EventChooserBlock(ReadAhead, blocks.PageChooserBlock):
    """Choose a licence event; events the page read ahead are not read again."""

    canonical_module_path = "wagtail.blocks.PageChooserBlock"


@dataclass(frozen=True)
class CitationLink:
    """A citation as readers see it: the words, where they lead, and the outlet."""

    text: str
    href: str
    external: bool
    outlet: str


class CitationValue(blocks.StructValue):
    """Resolves a citation to one link and its provenance."""

    def link(self, *, event_visible: bool) -> CitationLink:
        """The citation as readers see it. An event readers may not see (a draft,
        behind a password, in an unpublished section) lends it neither its title
        nor its URL: readers must not learn of it through a citation."""
        event = self.get("event") if event_visible else None
        report = self.get("report")
        if event is not None:
            href = event.url or ""
        elif report is not None:
            href = report.canonical_url or self.get("url") or ""
        else:
            href = self.get("url") or ""
        text = self.get("label") or (
            event.title
            if event is not None
            else report.title
            if report is not None
            else self.get("url") or ""
        )
        return CitationLink(
            text=text,
            href=href,
            external=event is None,
            outlet=report.source.name if report is not None else "",
        )


def citation_event_visible(value, *, visible_ids=None) -> bool:
    """Whether a citation's event may be shown: checked against the ids of visible
    events a page put in its context (`visible_event_ids`), else asked for alone."""
    event = value.get("event")
    if event is None:
        return False
    if visible_ids is not None:
        return visible_ids.shows(event)
    return page_is_visible(event)


class CitationBlock(blocks.StructBlock):
    """What backs a claim: a link, a licence event, or an ingested report."""

    label = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="What the reader sees, e.g. 'MOFCOM statement'. Optional with an "
        "event or report.",
    )
    url = blocks.URLBlock(
        required=False, help_text="Full address, e.g. https://www.mofcom.gov.cn/..."
    )
    event = EventChooserBlock(
        page_type="policy.LicenceEventPage",
        required=False,
        help_text="A licence event in our policy record.",
    )
    report = ReportChooserBlock(required=False, help_text="An ingested outside report.")

    class Meta:
        icon = "link"
        template = "blocks/citation.html"
        value_class = CitationValue
        description = "A labelled link, a licence event or an ingested report."
        preview_value = {
            "label": "MOFCOM statement",
            "url": "https://www.mofcom.gov.cn/",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["link"] = value.link(
            event_visible=citation_event_visible(
                value, visible_ids=(parent_context or {}).get("visible_event_ids")
            )
        )
        return context

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("url") or value.get("event") or value.get("report")):
            raise blocks.StructBlockValidationError(
                non_block_errors=["Give a URL, choose an event, or choose a report."]
            )
        if value.get("url") and not value.get("label"):
            if not (value.get("event") or value.get("report")):
                raise blocks.StructBlockValidationError(
                    block_errors={"label": ValidationError("Say what the link is.")}
                )
        return value


class FactValue(blocks.StructValue):
    """Template helpers for one fact on a licence event."""

    def dimension_label(self) -> str:
        """The reader-facing dimension name, e.g. 'Legal basis'."""
        return dimension_label(self.get("dimension"))

    def state_label(self) -> str:
        """The reader-facing knowledge state, e.g. 'Undisclosed'."""
        return state_label(self.get("state"))


class FactBlock(blocks.StructBlock):
    """One fact of an event: a dimension, what is known of it, and sources."""

    dimension = blocks.ChoiceBlock(choices=Dimension.choices)
    state = blocks.ChoiceBlock(
        choices=FactState.choices,
        help_text="Undisclosed means the regulator has not said — not that we forgot.",
    )
    statement = blocks.TextBlock(
        max_length=500,
        help_text="One sentence, e.g. 'The ministry has not named the approved firms.'",
    )
    citations = blocks.ListBlock(CitationBlock(), default=[], min_num=0)

    class Meta:
        icon = "list-ul"
        template = "blocks/fact.html"
        value_class = FactValue
        description = "A fact: dimension, knowledge state, statement and citations."
        preview_value = {
            "dimension": "destinations",
            "state": "undisclosed",
            "statement": "Which countries shipments may go to is not stated.",
            "citations": [],
        }


class FactsBlock(blocks.StreamBlock):
    """All facts of one licence event; each dimension may appear only once."""

    fact = FactBlock()

    def clean(self, value):
        value = super().clean(value)
        seen: dict[str, int] = {}
        errors = {}
        for i, child in enumerate(value):
            dimension = child.value.get("dimension")
            if dimension in seen:
                label = Dimension(dimension).label
                errors[i] = blocks.StructBlockValidationError(
                    block_errors={
                        "dimension": ValidationError(
                            f"'{label}' already appears as fact {seen[dimension] + 1}; "
                            "each dimension appears once per event."
                        )
                    }
                )
            else:
                seen[dimension] = i
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value
