"""The editors' inbox in the Wagtail admin: who sees it, and what editors do there."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from policy.models import LicenceEventPage, PolicyTrackerPage, Regulator
from policy.reporting.models import Annotation, Report, Source
from tests.factories.ingestion import AnnotationFactory, ReportFactory, SourceFactory

pytestmark = pytest.mark.django_db

REPORTS = "wagtailsnippets_policy_report"
SOURCES = "wagtailsnippets_policy_source"


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _bulk(model: str, action: str, *objects) -> str:
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    return reverse("wagtail_bulk_action", args=("policy", model, action)) + f"?{ids}"


@pytest.fixture
def editor(django_user_model):
    """A member of Wagtail's Editors group."""
    user = django_user_model.objects.create_user("eddie", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outsider_client(client, django_user_model):
    """Someone who may use the admin but has no inbox permissions."""
    user = django_user_model.objects.create_user("olga", password="pw")
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def report():
    return ReportFactory(title="Magnet makers report dysprosium licences")


def _protected_urls(report, source):
    return [
        ("get", _url(f"{REPORTS}:list")),
        ("get", _url(f"{REPORTS}:inspect", report.pk)),
        ("post", _url(f"{REPORTS}:annotate", report.pk)),
        ("post", _url(f"{REPORTS}:status", report.pk)),
        ("post", _url(f"{REPORTS}:event_draft", report.pk)),
        ("get", _url(f"{SOURCES}:list")),
        ("post", _bulk("report", "mark_relevant", report)),
        ("post", _bulk("source", "fetch_now", source)),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, report):
    for method, url in _protected_urls(report, report.source):
        response = getattr(client, method)(url, {"status": "relevant"})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    report.refresh_from_db()
    assert report.status == Report.Status.NEW


def test_admin_users_without_inbox_permissions_are_turned_away(outsider_client, report):
    for method, url in _protected_urls(report, report.source):
        response = getattr(outsider_client, method)(
            url, {"status": "relevant", "kind": "gets_right", "note": "x"}
        )
        # Wagtail answers "Sorry, you do not have permission" with a redirect to
        # the dashboard; bulk actions skip the items the user may not change.
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert not response["Location"].startswith("/admin/login/"), url
        assert "dysprosium licences" not in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.NEW
    assert not Annotation.objects.exists()


def test_editors_see_the_inbox_newest_first(editor_client):
    older = ReportFactory(title="Older terbium note")
    newer = ReportFactory(title="Newer yttrium note")
    Report.objects.filter(pk=older.pk).update(
        first_seen_at=timezone.now() - timedelta(days=2)
    )
    response = editor_client.get(_url(f"{REPORTS}:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index(newer.title) < content.index(older.title)
    # The title opens the report view, not the status form.
    assert _url(f"{REPORTS}:inspect", newer.pk) in content
    # Reports arrive by ingestion: no "Add report" button, not even for editors.
    assert _url(f"{REPORTS}:add") not in content
    assert "Mark relevant" in content and "Mark irrelevant" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=relevant", {"Relevant terbium note"}),
        ("status=new&status=irrelevant", {"New yttrium note", "Off-topic note"}),
        ("encoding_suspect=true", {"Off-topic note"}),
        ("annotated=true", {"Relevant terbium note"}),
        ("annotated=false", {"New yttrium note", "Off-topic note"}),
        ("published_at_from=2025-06-01", {"New yttrium note"}),
        ("first_seen_at_to=2000-01-01", set()),
        ("q=yttrium", {"New yttrium note"}),
        ("q=licences+resumed&status=relevant", {"Relevant terbium note"}),
    ],
)
def test_the_inbox_filters_by_status_flags_annotations_date_and_words(
    editor_client, query, expected
):
    relevant = ReportFactory(
        title="Relevant terbium note",
        text="Terbium licences resumed.",
        status=Report.Status.RELEVANT,
        published_at=datetime(2025, 4, 1, tzinfo=UTC),
    )
    AnnotationFactory(report=relevant, quote="", kind=Annotation.Kind.GETS_RIGHT)
    ReportFactory(
        title="New yttrium note",
        text="Yttrium waits grew.",
        published_at=datetime(2025, 7, 1, tzinfo=UTC),
    )
    ReportFactory(
        title="Off-topic note",
        text="Copper prices.",
        status=Report.Status.IRRELEVANT,
        encoding_suspect=True,
        published_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    response = editor_client.get(_url(f"{REPORTS}:list") + "?" + query)
    assert response.status_code == 200
    shown = {r.title for r in response.context["object_list"]}
    assert shown == expected


def test_the_inbox_filters_by_source(editor_client):
    wire = SourceFactory(name="Wire")
    ReportFactory(source=wire, title="From the wire")
    ReportFactory(title="From elsewhere")
    response = editor_client.get(_url(f"{REPORTS}:list") + f"?source={wire.pk}")
    assert {r.title for r in response.context["object_list"]} == {"From the wire"}


@pytest.mark.parametrize("count", [2, 30])
def test_the_inbox_runs_the_same_number_of_queries_for_few_and_many_reports(
    editor_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        report = ReportFactory()
        AnnotationFactory(report=report)
    with django_assert_max_num_queries(15):
        response = editor_client.get(_url(f"{REPORTS}:list"))
    assert len(response.context["object_list"]) == count


@pytest.mark.parametrize("count", [2, 30])
def test_the_sources_list_runs_the_same_number_of_queries_for_few_and_many(
    editor_client, django_assert_max_num_queries, count
):
    SourceFactory.create_batch(count, consecutive_failures=1, last_error="HTTP 500")
    with django_assert_max_num_queries(15):
        response = editor_client.get(_url(f"{SOURCES}:list"))
    assert len(response.context["object_list"]) == count


def test_the_report_view_shows_sanitized_text_and_annotations(editor_client):
    report = ReportFactory(
        html='<p>Licences <a href="https://wire.example.com/x">granted</a>.</p>'
        "<script>alert('stored')</script>"
        '<img src="x" onerror="alert(1)">'
    )
    AnnotationFactory(report=report, note="Misses the volumes.")

    response = editor_client.get(_url(f"{REPORTS}:inspect", report.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<a href="https://wire.example.com/x" rel="noopener noreferrer">' in content
    assert "alert('stored')" not in content
    assert "onerror" not in content
    assert "Misses the volumes." in content
    assert "Volumes and destinations were not disclosed." in content
    assert "js/inbox-quote.js" in content
    assert report.source.name in content


def test_plain_text_reports_are_escaped_not_rendered(editor_client):
    report = ReportFactory(html="", text="Tags like <b>this</b> stay text.")
    response = editor_client.get(_url(f"{REPORTS}:inspect", report.pk))
    assert "Tags like &lt;b&gt;this&lt;/b&gt; stay text." in response.content.decode()


def test_an_editor_annotates_a_report_with_a_quote(editor_client, editor, report):
    response = editor_client.post(
        _url(f"{REPORTS}:annotate", report.pk),
        {
            "kind": "quote",
            "quote": "Volumes and destinations were not disclosed.",
            "note": "The heart of it.",
            "verdict": "missing_context",
        },
    )
    assert response.status_code == 302
    annotation = Annotation.objects.get()
    assert (annotation.author, annotation.kind) == (editor, "quote")
    report.refresh_from_db()
    assert report.status == Report.Status.ANNOTATED


def test_a_quote_not_in_the_report_is_refused_next_to_the_field(editor_client, report):
    response = editor_client.post(
        _url(f"{REPORTS}:annotate", report.pk),
        {
            "kind": "quote",
            "quote": "Every licence was refused.",
            "verdict": "misleading",
        },
    )
    assert response.status_code == 200
    form = response.context["annotation_form"]
    assert form.errors["quote"] == ["These words do not appear in the report's text."]
    assert "These words do not appear in the report" in response.content.decode()
    assert not Annotation.objects.exists()


def test_an_editor_edits_an_annotation(editor_client, report):
    annotation = AnnotationFactory(report=report)
    url = _url(f"{REPORTS}:annotation_edit", report.pk, annotation.pk)
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(
        url,
        {
            "kind": "gets_right",
            "quote": "Some magnet makers received dysprosium licences",
            "verdict": "accurate",
            "note": "",
        },
    )

    assert response.status_code == 302
    annotation.refresh_from_db()
    assert (annotation.kind, annotation.verdict) == ("gets_right", "accurate")


def test_an_editor_marks_one_report_from_its_page(editor_client, report):
    response = editor_client.post(
        _url(f"{REPORTS}:status", report.pk), {"status": "irrelevant"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.IRRELEVANT


@pytest.mark.parametrize(
    ("action", "status"),
    [("mark_relevant", "relevant"), ("mark_irrelevant", "irrelevant")],
)
def test_editors_mark_reports_in_bulk(editor_client, action, status):
    chosen = ReportFactory.create_batch(3)
    untouched = ReportFactory()
    url = _bulk("report", action, *chosen)

    assert editor_client.get(url).status_code == 200  # the confirmation page
    response = editor_client.post(url)

    assert response.status_code == 302
    assert {r.status for r in Report.objects.filter(pk__in=[r.pk for r in chosen])} == {
        status
    }
    untouched.refresh_from_db()
    assert untouched.status == Report.Status.NEW


@pytest.fixture
def tracker(home_page):
    tracker = PolicyTrackerPage(title="Policy tracker", slug="tracker")
    home_page.add_child(instance=tracker)
    return tracker


@pytest.fixture
def mofcom(db):
    return Regulator.objects.create(
        name="Ministry of Commerce",
        short_name="MOFCOM",
        slug="mofcom",
        jurisdiction="CN",
    )


def test_creating_an_event_draft_opens_it_in_the_page_editor(
    editor_client, tracker, mofcom, report
):
    response = editor_client.post(
        _url(f"{REPORTS}:event_draft", report.pk), {"regulator": mofcom.pk}
    )

    page = LicenceEventPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live
    assert page.title == report.title
    edit = editor_client.get(response["Location"])
    assert edit.status_code == 200
    assert report.title in edit.content.decode()


def test_an_event_draft_needs_a_regulator(editor_client, tracker, report):
    response = editor_client.post(_url(f"{REPORTS}:event_draft", report.pk), {})
    assert response.status_code == 200
    assert "regulator" in response.context["event_form"].errors
    assert not LicenceEventPage.objects.exists()


def test_without_a_tracker_the_report_view_says_what_is_missing(editor_client, report):
    response = editor_client.get(_url(f"{REPORTS}:inspect", report.pk))
    assert "needs the policy tracker page" in response.content.decode()


def test_the_sources_list_shows_health_and_backoff(editor_client):
    SourceFactory(name="Healthy wire", last_success_at=timezone.now())
    SourceFactory(
        name="Broken wire",
        consecutive_failures=3,
        last_error="too large: over 5 MiB",
        next_poll_at=datetime(2030, 1, 2, 3, 4, tzinfo=UTC),
    )
    response = editor_client.get(_url(f"{SOURCES}:list"))
    content = response.content.decode()
    assert "Fetch now" in content
    assert "Failing (3 in a row)" in content
    assert "too large: over 5 MiB — backing off until 02 Jan 2030 03:04" in content
    assert "OK" in content


def test_fetch_now_queues_a_fetch_of_the_chosen_sources(
    editor_client,
    serve,
    ingest_settings,
    django_capture_on_commit_callbacks,
    inline_tasks,
):
    source = SourceFactory(url=serve("/rss20.xml", "rss20.xml"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(_bulk("source", "fetch_now", source))
    assert response.status_code == 302
    assert Report.objects.filter(source=source).count() == 3


def test_the_dashboard_shows_new_reports_and_failing_sources(editor_client):
    ReportFactory.create_batch(2)
    ReportFactory(status=Report.Status.RELEVANT)
    SourceFactory(name="Broken wire", consecutive_failures=2, last_error="HTTP 404")
    response = editor_client.get(reverse("wagtailadmin_home"))
    content = response.content.decode()
    assert "Reporting inbox" in content
    assert "2 new reports" in content
    assert "Broken wire" in content and "HTTP 404" in content


def test_the_dashboard_panel_is_hidden_from_users_without_the_inbox(outsider_client):
    ReportFactory()
    response = outsider_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Reporting inbox" not in response.content.decode()


def test_nobody_adds_a_report_by_hand(admin_client):
    response = admin_client.get(_url(f"{REPORTS}:add"))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_freshly_ingested_reports_can_be_found_in_the_report_chooser(
    admin_client, serve, ingest_settings, django_capture_on_commit_callbacks
):
    from policy.reporting.services import source_fetch

    # The fetch queues their indexing for after it commits (inline without a broker).
    with django_capture_on_commit_callbacks(execute=True):
        source_fetch(source=SourceFactory(url=serve("/rss20.xml", "rss20.xml")))

    response = admin_client.get(
        reverse("wagtailsnippetchoosers_policy_report:choose_results")
        + "?q=licence approvals"
    )

    assert response.status_code == 200
    assert "Magnet makers report first licence approvals" in response.content.decode()


def test_a_source_that_is_not_http_is_refused_next_to_the_field(editor_client):
    response = editor_client.post(
        _url(f"{SOURCES}:add"),
        {
            "name": "Old archive",
            "url": "ftp://archive.example.com/feed.xml",
            "kind": "auto",
            "active": "on",
            "poll_interval": "01:00:00",
        },
    )
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not Source.objects.exists()


def test_an_editor_adds_a_source(editor_client):
    response = editor_client.post(
        _url(f"{SOURCES}:add"),
        {
            "name": "Critical Minerals Wire",
            "url": "https://wire.example.com/feed.xml",
            "kind": "rss",
            "active": "on",
            "poll_interval": "00:30:00",
        },
    )
    assert response.status_code == 302
    assert Source.objects.get().poll_interval == timedelta(minutes=30)


def test_an_empty_report_chooser_says_reports_come_from_sources_not_create_one(
    admin_client,
):
    response = admin_client.get(
        reverse("wagtailsnippetchoosers_policy_report:choose_results")
    )
    html = response.content.decode()
    assert "Reports arrive when a source is fetched" in html
    assert "Why not" not in html
    # Other choosers keep Wagtail's own invitation.
    other = admin_client.get(
        reverse("wagtailsnippetchoosers_policy_instrument:choose_results")
    ).content.decode()
    assert "Why not" in other
