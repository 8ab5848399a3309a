"""The admin home page's warning when scheduled publishing has not run recently."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from .scheduler import STALE_AFTER, scheduler_is_stale, scheduler_last_run


class SchedulerPanel(Component):
    """Tells publishers that go-live and expiry dates are not being acted on."""

    name = "scheduled_publishing"
    order = 50
    template_name = "rexchange/scheduler_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "last_run": scheduler_last_run(),
            "minutes": int(STALE_AFTER.total_seconds() // 60),
        }

    def render_html(self, parent_context=None):
        if not scheduler_is_stale():
            return ""
        return super().render_html(parent_context)
