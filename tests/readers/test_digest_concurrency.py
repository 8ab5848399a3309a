"""Two beats send the weekly digest at the same moment: still one email each.

A transactional test, in a file of its own so that under pytest-xdist it runs after the
tests that need the migrated data it flushes away."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from readers.selectors import DigestContent, DigestHighlight
from readers.services.digest import digest_weekly_send
from tests.readers.test_digest import _subscriber, _this_week
from tests.services import require_postgres


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_still_send_one_email_each():
    require_postgres()
    for n in range(20):
        _subscriber(f"reader{n}@example.org")
    week = _this_week()
    content = DigestContent(
        label=week,
        highlights=[
            DigestHighlight(
                text="MOFCOM approved some general licences.",
                article_title="General licences, read closely",
                url="http://testserver/analysis/general-licences/",
                topic_ids=frozenset(),
            )
        ],
    )
    barrier = threading.Barrier(2)
    errors = []

    def beat():
        try:
            barrier.wait()
            digest_weekly_send(week=week)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    with mock.patch("readers.services.digest.digest_content", return_value=content):
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 20
    assert len(set(recipients)) == 20
