"""Admin views of the inbox: the reports list, a report with its annotations, and
the actions an editor takes from it. Each view checks its own permission."""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.views import snippets as snippet_views

from policy.models import PolicyTrackerPage
from policy.reporting.models import Annotation, Report

from ..ingest import sanitize_html
from ..selectors import source_health
from ..services import (
    annotation_create,
    annotation_update,
    licence_event_draft_from_report,
    report_set_status,
)
from .forms import AnnotationForm, EventDraftForm

# Statuses an editor sets by hand; "annotated" follows from annotating.
TRIAGE_STATUSES = (Report.Status.NEW, Report.Status.RELEVANT, Report.Status.IRRELEVANT)


def report_inspect_url(report: Report) -> str:
    """The admin page where an editor reads and annotates a report."""
    return reverse(
        Report.snippet_viewset.get_url_name("inspect"), args=(quote(report.pk),)
    )


class HealthColumn(Column):
    """A source's health: OK, failing with its last error, or backing off."""

    cell_template_name = "policy/inbox/health_cell.html"

    def get_value(self, instance):
        return source_health(source=instance)


class ReportIndexView(snippet_views.IndexView):
    """The inbox: reports newest first, filtered and searched."""

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # Editors open a report to read and annotate it; its edit form only
        # holds the triage status, so the title links to the report view.
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            get_title_id=lambda instance: f"snippet_{quote(instance.pk)}_title",
            **kwargs,
        )


class ReportInspectView(snippet_views.InspectView):
    """One report: its sanitized text, its annotations, and what to do with it."""

    template_name = "policy/inbox/report_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Report.objects.select_related("source"), pk=self.pk)

    def get_page_title(self):
        return "Report"

    @cached_property
    def tracker(self) -> PolicyTrackerPage | None:
        return PolicyTrackerPage.objects.first()

    def can_draft_event(self) -> bool:
        """Editors who may add events under the policy tracker may draft one."""
        tracker = self.tracker
        return tracker is not None and (
            tracker.permissions_for_user(self.request.user).can_add_subpage()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        # Stored HTML was sanitized on the way in; sanitizing again on the way
        # out means nothing stored by any other route can reach the page as markup.
        html = sanitize_html(report.html) if report.html else ""
        can_edit = user.has_perm("policy.change_annotation")
        context.update(
            report=report,
            report_html=mark_safe(html),  # noqa: S308 - nh3 output, see above
            annotations=[
                (annotation, self._annotation_url(annotation) if can_edit else "")
                for annotation in report.annotations.select_related("author")
            ],
            annotation_form=kwargs.get("annotation_form") or AnnotationForm(),
            event_form=kwargs.get("event_form") or EventDraftForm(),
            can_annotate=user.has_perm("policy.add_annotation"),
            can_triage=self.user_has_permission("change"),
            can_draft_event=self.can_draft_event(),
            has_tracker=self.tracker is not None,
            triage_statuses=[
                (value, Report.Status(value).label) for value in TRIAGE_STATUSES
            ],
            inspect_url=report_inspect_url(report),
            annotate_url=self._url("annotate"),
            status_url=self._url("status"),
            event_draft_url=self._url("event_draft"),
        )
        return context

    def _annotation_url(self, annotation: Annotation) -> str:
        return reverse(
            Report.snippet_viewset.get_url_name("annotation_edit"),
            args=(quote(self.object.pk), annotation.pk),
        )

    def _url(self, name: str) -> str:
        return reverse(
            Report.snippet_viewset.get_url_name(name), args=(quote(self.object.pk),)
        )


class AnnotationCreateView(ReportInspectView):
    """Add an annotation; a quote that is not in the report is refused in place."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("policy.add_annotation"):
            raise PermissionDenied
        form = AnnotationForm(request.POST)
        if form.is_valid():
            try:
                annotation_create(
                    report=self.object, author=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Annotation added.")
                return redirect(report_inspect_url(self.object) + "#annotations")
        return self.render_to_response(self.get_context_data(annotation_form=form))


class AnnotationEditView(ReportInspectView):
    """Change one annotation; its quote is checked against the report again."""

    template_name = "policy/inbox/annotation_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("policy.change_annotation"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def annotation(self) -> Annotation:
        return get_object_or_404(
            Annotation, pk=self.kwargs["annotation_pk"], report=self.object
        )

    def get_page_title(self):
        return "Edit annotation"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("annotation_form", AnnotationForm(instance=self.annotation))
        context = super().get_context_data(**kwargs)
        context["annotation"] = self.annotation
        return context

    def post(self, request, *args, **kwargs):
        form = AnnotationForm(request.POST, instance=self.annotation)
        if form.is_valid():
            try:
                annotation_update(annotation=self.annotation, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Annotation updated.")
                return redirect(report_inspect_url(self.object) + "#annotations")
        return self.render_to_response(self.get_context_data(annotation_form=form))


class ReportStatusView(ReportInspectView):
    """Mark one report new, relevant or irrelevant."""

    http_method_names = ["post"]
    permission_required = "change"
    any_permission_required = None

    def post(self, request, *args, **kwargs):
        status = request.POST.get("status", "")
        if status not in TRIAGE_STATUSES:
            messages.error(request, "Choose new, relevant or irrelevant.")
        else:
            report_set_status(reports=[self.object], status=status)
            label = Report.Status(status).label.lower()
            messages.success(request, f"Report marked {label}.")
        return redirect(report_inspect_url(self.object))


class EventDraftCreateView(ReportInspectView):
    """Start a draft licence event from the report, then open it in the editor."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.tracker is None:
            messages.error(
                request, "Create the policy tracker page before drafting events."
            )
            return redirect(report_inspect_url(self.object))
        if not self.can_draft_event():
            raise PermissionDenied
        form = EventDraftForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(event_form=form))
        page = licence_event_draft_from_report(
            report=self.object,
            regulator=form.cleaned_data["regulator"],
            user=request.user,
            tracker=self.tracker,
        )
        messages.success(
            request,
            "Draft event created from the report. Choose its type, check the "
            "facts and add your assessment before publishing.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
