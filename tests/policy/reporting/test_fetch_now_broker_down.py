"""Fetch now while the broker is down: the editor is told, and nothing is lost.

A transactional test, in a file of its own (see tests/conftest.py): the fetches are
offered to the broker when the action really commits, before the editor's message
is chosen, as in production.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.factories.ingestion import SourceFactory


@pytest.mark.django_db(transaction=True)
def test_fetch_now_while_the_queue_is_down_says_so_and_leaves_the_source_due(
    client, django_user_model, unreachable_broker
):
    editor = django_user_model.objects.create_user("eddie", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    source = SourceFactory(
        name="Trade wire", next_poll_at=timezone.now() + timedelta(hours=3)
    )
    url = reverse("wagtail_bulk_action", args=("policy", "source", "fetch_now"))

    response = client.post(f"{url}?id={source.pk}")

    assert response.status_code == 302
    messages = [str(m).strip() for m in response.wsgi_request._messages]
    assert messages == [
        "The task queue cannot be reached right now, so 1 source(s) could not be "
        "queued. Nothing is lost: they are marked due and will be fetched as soon "
        "as the queue is back."
    ]
    source.refresh_from_db()
    assert source.next_poll_at <= timezone.now()
