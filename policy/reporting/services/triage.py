"""Editors' triage of reports: statuses in bulk, and annotations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from ..ingest import clean_text
from ..models import Annotation, Report


def report_set_status(*, reports: Iterable[Report], status: str) -> int:
    """Triage reports in bulk (relevant, irrelevant ...); return how many changed."""
    if status not in Report.Status.values:
        raise ValidationError(f"Unknown report status {status!r}.")
    pks = [report.pk for report in reports]
    return (
        Report.objects.filter(pk__in=pks).exclude(status=status).update(status=status)
    )


def annotation_create(
    *,
    report: Report,
    author,
    kind: str,
    quote: str = "",
    note: str = "",
    verdict: str = Annotation.Verdict.UNVERIFIED,
) -> Annotation:
    """Record an editor's annotation on a report and mark the report annotated."""
    annotation = Annotation(report=report, author=author)
    return _annotation_save(
        annotation=annotation, kind=kind, quote=quote, note=note, verdict=verdict
    )


def annotation_update(
    *,
    annotation: Annotation,
    kind: str,
    quote: str = "",
    note: str = "",
    verdict: str = Annotation.Verdict.UNVERIFIED,
) -> Annotation:
    """Change an annotation; the quote must still occur in the report."""
    return _annotation_save(
        annotation=annotation, kind=kind, quote=quote, note=note, verdict=verdict
    )


def _annotation_save(
    *, annotation: Annotation, kind: str, quote: str, note: str, verdict: str
) -> Annotation:
    annotation.kind = kind
    annotation.quote = clean_text((quote or "").strip())
    annotation.note = clean_text((note or "").strip())
    annotation.verdict = verdict
    annotation.full_clean(exclude=["author"] if annotation.author_id is None else [])
    report = annotation.report
    with transaction.atomic():
        annotation.save()
        Report.objects.filter(pk=report.pk).update(status=Report.Status.ANNOTATED)
    report.status = Report.Status.ANNOTATED
    return annotation
