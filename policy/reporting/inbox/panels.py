"""The dashboard panel: new reports waiting and sources that are failing."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import Report, Source
from ..selectors import inbox_summary, source_health


class InboxPanel(Component):
    """New reports to triage and failing sources, on the admin home page."""

    name = "reporting_inbox"
    order = 90
    template_name = "policy/inbox/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        summary = inbox_summary()
        edit = Source.snippet_viewset.get_url_name("edit")
        return {
            "summary": summary,
            "failing": [
                (source, source_health(source=source), reverse(edit, args=[source.pk]))
                for source in summary.failing
            ],
            "reports_url": reverse(Report.snippet_viewset.get_url_name("list"))
            + "?status=new",
            "sources_url": reverse(Source.snippet_viewset.get_url_name("list"))
            + "?failing=true",
        }
