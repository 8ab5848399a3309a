"""The ingestion benchmark runs end to end and keeps nothing it stored."""

from io import StringIO

import pytest
from django.core.management import call_command

from policy.reporting.models import Report, Source

pytestmark = pytest.mark.django_db


def test_the_benchmark_reports_rates_and_statements_and_leaves_no_data():
    out = StringIO()
    call_command("bench_ingest", "--items", "25", "--runs", "1", stdout=out)
    text = out.getvalue()
    assert "fastfeedparser alone" in text
    assert "feedparser alone" in text
    assert "x feedparser's speed" in text
    assert "x fastfeedparser's speed" in text
    assert "(25 created, 0 updated, 0 unchanged)" in text
    assert "(0 created, 25 updated, 0 unchanged)" in text
    assert "items/s target" in text
    assert "then the search index task" in text
    assert not Source.objects.exists()
    assert not Report.objects.exists()
