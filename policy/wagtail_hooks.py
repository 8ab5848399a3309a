"""Admin registration for the policy record's reference data and ingested reports.

The reference viewsets search through each model's own search index (its
`search_fields`, with autocomplete), which works on SQLite and PostgreSQL alike;
restricting the search to named fields is not supported by the SQLite backend.
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Instrument, Material, Regulator, Report, Source


class RegulatorViewSet(SnippetViewSet):
    """Regulators that issue controls and licences."""

    model = Regulator
    icon = "group"
    list_display = ["short_name", "name", "jurisdiction"]


class MaterialViewSet(SnippetViewSet):
    """Controlled materials."""

    model = Material
    icon = "pick"
    list_display = ["name", "symbol", "category"]
    list_filter = ["category"]


class InstrumentViewSet(SnippetViewSet):
    """Legal instruments events hang on."""

    model = Instrument
    icon = "doc-full"
    list_display = ["title", "regulator", "document_reference", "status"]
    list_filter = ["status", "regulator"]


class ReferenceDataGroup(SnippetViewSetGroup):
    """The policy record's reference data, grouped in one menu."""

    items = (RegulatorViewSet, MaterialViewSet, InstrumentViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Policy record"
    menu_order = 320


class ReportViewSet(SnippetViewSet):
    """Ingested reports: the editors' inbox."""

    model = Report
    icon = "mail"
    list_display = ["title", "source", "status", "first_seen_at"]
    list_filter = ["status", "source", "encoding_suspect"]
    search_fields = ["title", "text"]


class SourceViewSet(SnippetViewSet):
    """Sources we poll for reporting."""

    model = Source
    icon = "site"
    list_display = ["name", "url", "active", "consecutive_failures", "last_error"]
    list_filter = ["active", "kind"]
    search_fields = ["name", "url"]


class IngestionGroup(SnippetViewSetGroup):
    """Outside reporting: the inbox and the sources behind it."""

    items = (ReportViewSet, SourceViewSet)
    menu_icon = "mail"
    menu_label = "Reporting inbox"
    menu_order = 330


register_snippet(ReferenceDataGroup)
register_snippet(IngestionGroup)
