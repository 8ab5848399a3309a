"""The change feed under concurrency: two real connections record changes at once.

A transactional test, in a file of its own so that under pytest-xdist it runs after the
tests that need the migrated data it flushes away."""

import threading

import pytest
from django.db import connection, transaction

from rexchange.api.changes import ChangeKind, ChangeType, change_record
from tests.api.test_change_feed import walk
from tests.services import require_postgres


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_publishes_are_each_seen_once(client):
    """Two real connections record changes at once; the first to start commits last.

    A consumer reading in between must not move past the change still in flight.
    """
    require_postgres()
    first_recorded = threading.Event()
    release_first = threading.Event()
    second_done = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                change_record(
                    object_type=ChangeType.REGULATOR,
                    object_ids=["1001"],
                    kind=ChangeKind.PUBLISH,
                )
                first_recorded.set()
                release_first.wait(30)
        except Exception as exc:  # noqa: BLE001  reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    def second():
        try:
            first_recorded.wait(30)
            with transaction.atomic():
                change_record(
                    object_type=ChangeType.REGULATOR,
                    object_ids=["1002"],
                    kind=ChangeKind.PUBLISH,
                )
            second_done.set()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    _, resume = walk(client, "/api/v1/changes/")
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_recorded.wait(30)
    # Give the second connection every chance to commit ahead of the first.
    second_done.wait(2)
    midway, resume = walk(client, resume)
    release_first.set()
    for thread in threads:
        thread.join(30)
    assert not errors
    rest, _ = walk(client, resume)
    seen = [c["id"] for c in midway + rest]
    assert seen == ["1001", "1002"], f"midway {midway}, then {rest}"
