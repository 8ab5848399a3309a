"""The report chooser, closed to anyone the role table does not let read the inbox.

Wagtail's choosers check no view permission: any admin user could page through
reports (and search them with `?q=`) in the chooser modal. Here the modal, its
results and the chosen-item look-up all ask the report permission policy first.
"""

from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

# Reading the inbox is what the role table grants as `view_report`.
READ = ["view", "change"]


class ReportChooseView(PermissionCheckedMixin, ChooseView):
    any_permission_required = READ


class ReportChooseResultsView(PermissionCheckedMixin, ChooseResultsView):
    any_permission_required = READ


class ReportChosenView(PermissionCheckedMixin, SnippetChosenView):
    any_permission_required = READ


class ReportChosenMultipleView(PermissionCheckedMixin, SnippetChosenMultipleView):
    any_permission_required = READ


class ReportChooserViewSet(SnippetChooserViewSet):
    """Choose a report: only for roles that may read the inbox."""

    choose_view_class = ReportChooseView
    choose_results_view_class = ReportChooseResultsView
    chosen_view_class = ReportChosenView
    chosen_multiple_view_class = ReportChosenMultipleView
