"""Licence events go through "Policy review": an analyst submits, an editor sees it."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, streamfield

from policy.models import LicenceEventPage
from rexchange.newsroom.roles import (
    ANALYSTS,
    EDITORS,
    POLICY_REVIEW_TASK,
    POLICY_REVIEW_WORKFLOW,
    WRITERS,
)
from rexchange.newsroom.services import newsroom_permissions_ensure
from tests.factories import InstrumentFactory, MaterialFactory

pytestmark = pytest.mark.django_db

TITLE = "Gallium licences tightened"


def _member(name: str, group: str) -> User:
    user = User.objects.create_user(username=name, password="not-used-here")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def newsroom(article_index, tracker):
    newsroom_permissions_ensure()
    return {
        "analyst": _member("ana", ANALYSTS),
        "editor": _member("eli", EDITORS),
        "writer": _member("wanda", WRITERS),
        "tracker": tracker,
    }


def _submit_event(client, tracker) -> LicenceEventPage:
    instrument = InstrumentFactory(slug="announcement-46")
    gallium = MaterialFactory(name="Gallium", symbol="Ga", slug="gallium")
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "gallium-licences-tightened",
            "regulator": instrument.regulator.pk,
            "instrument": instrument.pk,
            "previous_event": "",
            "event_type": "control_imposed",
            "announced_on": "2025-12-04",
            "effective_on": "",
            "destinations": "",
            "summary": "Gallium exports need a licence.",
            "assessment": "tightening",
            "assessment_reason": "A new approval step.",
            "confidence": "confirmed",
            "facts": streamfield(
                [
                    (
                        "fact",
                        {
                            "dimension": "procedure",
                            "state": "changed",
                            "statement": "Each export needs a licence.",
                            "citations": streamfield([]),
                        },
                    )
                ]
            ),
        }
    )
    data["materials"] = [gallium.pk]
    data["action-submit"] = "submit"
    url = reverse(
        "wagtailadmin_pages:add", args=["policy", "licenceeventpage", tracker.pk]
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return LicenceEventPage.objects.get(slug="gallium-licences-tightened")


def test_the_policy_tracker_is_under_policy_review_reviewed_by_editors(newsroom):
    workflow = WorkflowPage.objects.get(page=newsroom["tracker"]).workflow
    assert workflow.name == POLICY_REVIEW_WORKFLOW
    (task,) = [t.specific for t in workflow.tasks]
    assert task.name == POLICY_REVIEW_TASK
    assert [g.name for g in task.groups.all()] == [EDITORS]


def test_an_analysts_submitted_event_appears_on_an_editors_dashboard(client, newsroom):
    client.force_login(newsroom["analyst"])
    event = _submit_event(client, newsroom["tracker"])
    assert not event.live
    assert event.current_workflow_task.name == POLICY_REVIEW_TASK

    client.force_login(newsroom["editor"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert TITLE in dashboard

    # A writer is no reviewer: the submission is not on a writer's dashboard.
    client.force_login(newsroom["writer"])
    assert TITLE not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_editor_approves_and_the_event_goes_live(client, newsroom):
    client.force_login(newsroom["analyst"])
    event = _submit_event(client, newsroom["tracker"])
    state = event.current_workflow_task_state
    client.force_login(newsroom["editor"])
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(event.pk, "approve", state.pk)
    )
    assert client.post(url, {}).status_code in (200, 302)
    event.refresh_from_db()
    assert event.live
