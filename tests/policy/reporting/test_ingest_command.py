"""`manage.py ingest`: fetch a URL or every due source now, and say how it went."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from policy.reporting.models import Report, Source
from tests.factories.ingestion import SourceFactory

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[int, str]:
    """Run the command; return its exit status and what it printed."""
    out = StringIO()
    try:
        call_command("ingest", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    return 0, out.getvalue()


def test_json_run_creates_the_source_and_prints_one_object(serve, ingest_settings):
    url = serve("/rss20.xml", "rss20.xml")

    status, out = ingest("--url", url, "--json")

    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 1
    source = Source.objects.get(url=url)
    assert json.loads(lines[0]) == {
        "source_id": source.pk,
        "url": url,
        "status": "ok",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "error": None,
    }


def test_a_second_run_creates_nothing(serve, ingest_settings):
    url = serve("/rss20.xml", "rss20.xml")
    ingest("--url", url, "--json")

    status, out = ingest("--url", url, "--json")

    assert status == 0
    result = json.loads(out)
    assert (result["status"], result["created"], result["unchanged"]) == ("ok", 0, 3)
    assert Source.objects.count() == 1
    assert Report.objects.count() == 3


def test_name_and_kind_apply_to_a_new_source(serve, ingest_settings):
    url = serve("/atom.xml", "atom.xml")
    ingest("--url", url, "--name", "Ministry Watch", "--kind", "atom")
    source = Source.objects.get()
    assert (source.name, source.kind) == ("Ministry Watch", "atom")


def test_a_failing_source_prints_its_error_and_exits_one(serve, ingest_settings):
    url = serve("/garbage.bin", "garbage.bin", content_type="application/octet-stream")

    status, out = ingest("--url", url, "--json")

    assert status == 1
    result = json.loads(out)
    assert result["status"] == "error"
    assert result["error"] == "not a feed and no article text found"
    assert result["created"] == 0


def test_human_output_names_the_source_and_the_counts(serve, ingest_settings):
    url = serve("/rss20.xml", "rss20.xml")
    status, out = ingest("--url", url, "--name", "Wire")
    assert status == 0
    assert f"Wire ({url}): 3 created, 0 updated, 0 unchanged" in out


def test_a_link_that_is_not_http_is_refused_before_anything_is_stored():
    with pytest.raises(CommandError, match="not an http or https link"):
        call_command("ingest", "--url", "file:///etc/passwd", stdout=StringIO())
    assert not Source.objects.exists()


def test_due_fetches_every_due_source_with_progress_and_json_lines(
    serve, ingest_settings
):
    good = SourceFactory(url=serve("/rss20.xml", "rss20.xml"), name="A wire")
    bad = SourceFactory(url=serve("/gone", body=b"", status=404), name="B gone")
    SourceFactory(
        url=serve("/atom.xml", "atom.xml"),
        next_poll_at=timezone.now() + timedelta(hours=1),
    )

    status, out = ingest("--due", "--json")

    assert status == 1
    results = {r["source_id"]: r for r in map(json.loads, out.splitlines())}
    assert set(results) == {good.pk, bad.pk}
    assert results[good.pk]["status"] == "ok"
    assert results[bad.pk]["error"] == "HTTP 404"


def test_due_shows_progress_and_exits_zero_when_all_succeed(serve, ingest_settings):
    SourceFactory(url=serve("/rss20.xml", "rss20.xml"), name="A wire")
    SourceFactory(url=serve("/atom.xml", "atom.xml"), name="B watch")

    status, out = ingest("--due")

    assert status == 0
    assert "2 source(s) due." in out
    assert "[1/2] A wire" in out and "[2/2] B watch" in out
    # The sources are leased: a second run right away finds nothing due.
    assert ingest("--due")[1].startswith("0 source(s) due.")


def test_url_or_due_is_required():
    with pytest.raises(CommandError):
        call_command("ingest", stdout=StringIO())


REFERENCE_NOTE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>General licences: what changed</title></head>
<body><article><h1>General licences: what changed</h1>
<p>MOFCOM said exporters with enough export experience and a clean compliance
record could apply for general licences, and that some applications were
approved. Which exporters, products and volumes stays undisclosedโrepresenting a
consolidation of procedure rather than a change in Chinaโs export controls.</p>
<p>The control regime on rare-earth items is unchanged; licences remain
conditional and revocable, and case-by-case approval continues for everyone
else who exports samarium, terbium or dysprosium.</p>
</article></body></html>
"""


def test_a_page_with_the_reference_notes_thai_mojibake_is_stored_as_suspect(
    serve, ingest_settings
):
    url = serve(
        "/note.html",
        body=REFERENCE_NOTE_PAGE.encode("utf-8"),
        content_type="text/html; charset=utf-8",
    )
    status, output = ingest("--url", url, "--kind", "html", "--json")
    assert status == 0, output
    report = Report.objects.get()
    assert "undisclosedโrepresenting" in report.text
    assert report.encoding_suspect is True
