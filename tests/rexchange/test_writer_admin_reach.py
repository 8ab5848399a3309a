"""A writer in the admin sees no report and no draft event title: not in the report
chooser (its modal, its `?q=` results, a chosen look-up), not on a bulk-action
confirmation page, and not in the page chooser's browse or search."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from rexchange.newsroom.roles import ANALYSTS, EDITORS, WRITERS
from rexchange.newsroom.services import newsroom_permissions_ensure
from tests.factories.api import LicenceEventPageFactory, publish
from tests.factories.ingestion import ReportFactory, SourceFactory

SECRET_REPORT = "Quota leak from a smelter"
DRAFT_EVENT = "Unannounced gallium licence"

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(article_index, tracker):
    newsroom_permissions_ensure()
    source = SourceFactory(name="Trade wire")
    report = ReportFactory(source=source, title=SECRET_REPORT)
    draft = LicenceEventPageFactory(parent=tracker, title=DRAFT_EVENT, live=False)
    live = publish(
        LicenceEventPageFactory(parent=tracker, title="Published gallium controls")
    )
    return {"report": report, "source": source, "draft": draft, "live": live}


def _client_as(client, group: str):
    user = User.objects.create_user(username=group.split()[0].lower(), password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


CHOOSER = "wagtailsnippetchoosers_policy_report"


@pytest.mark.parametrize(
    "url",
    [
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:choose_results") + "?q=quota",
    ],
)
def test_a_writer_cannot_open_the_report_chooser(client, desk, url):
    response = _client_as(client, WRITERS).get(url)
    assert response.status_code in (302, 403)
    assert SECRET_REPORT not in response.content.decode()


def test_a_writer_cannot_look_up_a_chosen_report(client, desk):
    url = reverse(f"{CHOOSER}:chosen", args=(desk["report"].pk,))
    response = _client_as(client, WRITERS).get(url)
    assert response.status_code in (302, 403)
    assert SECRET_REPORT not in response.content.decode()


def test_an_analyst_who_reads_the_inbox_still_finds_reports(client, desk):
    url = reverse(f"{CHOOSER}:choose_results") + "?q=quota"
    response = _client_as(client, ANALYSTS).get(url)
    assert response.status_code == 200
    assert SECRET_REPORT in response.content.decode()


def _bulk(model: str, action: str, obj) -> str:
    url = reverse("wagtail_bulk_action", args=("policy", model, action))
    return f"{url}?id={obj.pk}"


@pytest.mark.parametrize(
    ("model", "action", "key", "title"),
    [
        ("report", "mark_relevant", "report", SECRET_REPORT),
        ("report", "mark_irrelevant", "report", SECRET_REPORT),
        ("source", "fetch_now", "source", "Trade wire"),
    ],
)
def test_a_writer_gets_no_bulk_action_confirmation_page(
    client, desk, model, action, key, title
):
    response = _client_as(client, WRITERS).get(_bulk(model, action, desk[key]))
    assert response.status_code in (302, 403)
    assert title not in response.content.decode()


def test_an_editor_still_confirms_bulk_triage(client, desk):
    response = _client_as(client, EDITORS).get(
        _bulk("report", "mark_relevant", desk["report"])
    )
    assert response.status_code == 200
    assert SECRET_REPORT in response.content.decode()


def _chooser_pages(client, desk, **params) -> str:
    browse = reverse(
        "wagtailadmin_choose_page_child", args=(desk["live"].get_parent().pk,)
    )
    response = client.get(browse, {"page_type": "policy.licenceeventpage", **params})
    assert response.status_code == 200
    return response.json()["html"]


def test_a_writer_sees_no_draft_event_in_the_page_chooser(client, desk):
    _client_as(client, WRITERS)
    html = _chooser_pages(client, desk)
    assert "Published gallium controls" in html
    assert DRAFT_EVENT not in html
    search = client.get(
        reverse("wagtailadmin_choose_page_search"),
        {"q": "gallium", "page_type": "policy.licenceeventpage"},
    )
    assert search.status_code == 200
    assert "Published gallium controls" in search.content.decode()
    assert DRAFT_EVENT not in search.content.decode()


def test_an_analyst_sees_draft_events_in_the_page_chooser(client, desk):
    _client_as(client, ANALYSTS)
    assert DRAFT_EVENT in _chooser_pages(client, desk)
