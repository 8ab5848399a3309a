"""Due sources are leased once per interval and fetched by Celery tasks."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from policy.reporting import tasks
from policy.reporting.models import Report, Source
from policy.reporting.services import source_fetch, sources_claim_due
from rexchange.celery import app as celery_app
from tests.factories.ingestion import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_second_claim_right_after_the_first_gets_nothing():
    due = SourceFactory.create_batch(3)
    now = timezone.now()

    first = sources_claim_due(now=now, limit=10)
    second = sources_claim_due(now=now, limit=10)

    assert sorted(first) == sorted(s.pk for s in due)
    assert second == []


def test_a_claim_leases_a_source_for_its_poll_interval():
    source = SourceFactory(poll_interval=timedelta(minutes=30))
    now = timezone.now()
    sources_claim_due(now=now, limit=10)
    source.refresh_from_db()
    assert source.next_poll_at == now + timedelta(minutes=30)
    assert sources_claim_due(now=now + timedelta(minutes=29), limit=10) == []
    assert sources_claim_due(now=now + timedelta(minutes=30), limit=10) == [source.pk]


def test_inactive_and_not_yet_due_sources_are_not_claimed():
    now = timezone.now()
    SourceFactory(active=False, next_poll_at=now - timedelta(hours=1))
    SourceFactory(next_poll_at=now + timedelta(minutes=5))
    due = SourceFactory(next_poll_at=now - timedelta(minutes=5))
    assert sources_claim_due(now=now, limit=10) == [due.pk]


def test_a_claim_takes_the_longest_waiting_sources_first_up_to_the_limit():
    now = timezone.now()
    oldest = SourceFactory(next_poll_at=now - timedelta(hours=3))
    older = SourceFactory(next_poll_at=now - timedelta(hours=2))
    SourceFactory(next_poll_at=now - timedelta(hours=1))
    assert sources_claim_due(now=now, limit=2) == [oldest.pk, older.pk]


def test_a_source_another_claimer_took_meanwhile_is_skipped():
    # The source is due when this claimer reads its candidates; a rival's lease
    # lands between that read and this claimer's conditional UPDATE, which must
    # then match nothing — while the next candidate is still won.
    now = timezone.now()
    taken = SourceFactory(next_poll_at=now - timedelta(hours=2))
    free = SourceFactory(next_poll_at=now - timedelta(hours=1))
    rival_claimed = []

    def rival_claims_first(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and not rival_claimed:
            rival_claimed.append(taken.pk)
            Source.objects.filter(pk=taken.pk).update(
                next_poll_at=now + timedelta(hours=1)
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(rival_claims_first):
        claimed = sources_claim_due(now=now, limit=10)

    assert rival_claimed == [taken.pk]  # it was a candidate when the rival struck
    assert claimed == [free.pk]
    taken.refresh_from_db()
    assert taken.next_poll_at == now + timedelta(hours=1)  # the rival's lease stands


def test_polling_fetches_each_due_source_once_after_the_lease_commits(
    serve, source_at, django_capture_on_commit_callbacks, inline_tasks
):
    feed = source_at(serve("/rss20.xml", "rss20.xml"))
    page = source_at(serve("/atom.xml", "atom.xml"))
    source_at(
        serve("/later.xml", "rss10.rdf"),
        next_poll_at=timezone.now() + timedelta(hours=1),
    )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert tasks.poll_due_sources() == 2
    assert Report.objects.count() == 0  # nothing is fetched before the commit
    for callback in queued:
        callback()
    assert tasks.poll_due_sources() == 0

    assert Report.objects.filter(source=feed).count() == 3
    assert Report.objects.filter(source=page).count() == 2
    assert Report.objects.count() == 5


def test_the_fetch_task_records_a_source_failure_without_retrying(
    httpserver, ingest_settings
):
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    source = SourceFactory(url=httpserver.url_for("/gone"))

    result = tasks.fetch_source.apply(args=[source.pk])

    assert result.successful()
    assert result.result["status"] == "error"
    assert len(httpserver.log) == 1
    source.refresh_from_db()
    assert source.last_error == "HTTP 404"


def test_the_fetch_task_retries_when_the_database_is_unavailable(
    monkeypatch, serve, source_at
):
    source = source_at(serve("/rss20.xml", "rss20.xml"))
    real_fetch = tasks.source_fetch
    calls = []

    # Taking the test database down under a running test is not possible, so the
    # service is made to fail the way psycopg does during a restart, twice.
    def flaky_fetch(*, source):
        calls.append(source.pk)
        if len(calls) <= 2:
            raise OperationalError("server closed the connection unexpectedly")
        return real_fetch(source=source)

    monkeypatch.setattr(tasks, "source_fetch", flaky_fetch)
    # Without propagation an eager task runs its retries in place, one by one.
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)

    result = tasks.fetch_source.apply(args=[source.pk])

    assert result.successful()
    assert len(calls) == 3
    assert Report.objects.filter(source=source).count() == 3


def test_the_fetch_task_ignores_a_source_deleted_meanwhile():
    assert tasks.fetch_source.apply(args=[987654]).result is None


def test_a_fetch_the_broker_refuses_leaves_its_source_due_for_the_next_poll(
    django_capture_on_commit_callbacks, unreachable_broker
):
    source = SourceFactory(next_poll_at=timezone.now() - timedelta(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.poll_due_sources() == 1  # leased, then refused by the broker

    source.refresh_from_db()
    assert source.next_poll_at <= timezone.now()  # the lease was given back
    assert sources_claim_due(now=timezone.now(), limit=10) == [source.pk]


def test_queueing_stops_at_the_first_refusal_and_leaves_every_other_source_due(
    unreachable_broker,
):
    later = timezone.now() + timedelta(hours=3)
    sources = SourceFactory.create_batch(3, next_poll_at=later)

    left = tasks.fetches_queue([s.pk for s in sources])

    assert left == [s.pk for s in sources]
    assert Source.objects.filter(next_poll_at__lte=timezone.now()).count() == 3


def test_a_database_error_mid_fetch_is_left_to_the_task_and_not_blamed_on_the_source(
    serve, source_at
):
    source = source_at(serve("/rss20.xml", "rss20.xml"))

    # The lookup of known items fails as it does when PostgreSQL goes away mid-fetch
    # (the database itself cannot be stopped under this test; tests/faults does).
    def lookups_fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and "raw_hash" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(lookups_fail), pytest.raises(OperationalError):
        source_fetch(source=source)

    source.refresh_from_db()
    assert (source.consecutive_failures, source.last_error) == (0, "")
