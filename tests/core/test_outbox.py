"""The outbox: work owed after a commit is recorded with it, sent after it, and sent again until it has run."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from core import outbox, sweeper
from core.models import Outbox
from tests.conftest import wait_for


@pytest.mark.django_db
def test_the_intent_rolls_back_with_the_transaction_that_owed_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        outbox.outbox_enqueue("core.tasks.add", [1, 2])
        raise RuntimeError("the change failed")
    assert not Outbox.objects.exists() and callbacks == []


@pytest.mark.django_db
def test_a_broker_that_refuses_is_not_the_users_error_and_the_row_stays_owed(django_capture_on_commit_callbacks,
                                                                             monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Redis is down")

    monkeypatch.setattr(outbox.current_app, "send_task", broker_down)
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    with django_capture_on_commit_callbacks(execute=True):  # nothing raised: the user's request ends normally
        row = outbox.outbox_enqueue("core.tasks.add", [1, 2])
    row.refresh_from_db()
    assert row.attempts == 0 and row.dispatched_at is None
    assert outbox._broker_down_until > 0  # the next requests do not wait for the broker: the sweeper sends
    assert row.available_at <= timezone.now()  # due: the first sweep after the broker is back sends it


@pytest.mark.django_db
def test_the_sweeper_sends_overdue_rows_again_with_a_back_off(monkeypatch):
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    sent = []
    monkeypatch.setattr(outbox.current_app, "send_task", lambda name, args, headers, retry, ignore_result: sent.append(
        (name, args, headers)))
    overdue = Outbox.objects.create(task="core.tasks.add", args=[2, 3], available_at=timezone.now()
                                    - dt.timedelta(minutes=2), attempts=1)
    not_yet = Outbox.objects.create(task="core.tasks.add", args=[4, 5], available_at=timezone.now()
                                    + dt.timedelta(minutes=1))

    counts = sweeper.sweep_all()

    assert counts["outbox"] == 1 and sent == [("core.tasks.add", [2, 3], {"outbox_id": overdue.pk})]
    overdue.refresh_from_db()
    assert overdue.attempts == 2 and overdue.dispatched_at is not None
    assert overdue.available_at > timezone.now() + dt.timedelta(seconds=100)  # the second wait is doubled
    not_yet.refresh_from_db()
    assert not_yet.attempts == 0
    assert outbox.outbox_overdue_count(older_than_seconds=0) == 0


@pytest.mark.django_db
def test_overdue_counts_only_rows_late_by_more_than_a_minute():
    Outbox.objects.create(task="core.tasks.add", args=[1, 1], available_at=timezone.now() - dt.timedelta(minutes=3))
    Outbox.objects.create(task="core.tasks.add", args=[1, 1], available_at=timezone.now() - dt.timedelta(seconds=5))
    assert outbox.outbox_overdue_count() == 1


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task_and_the_row_is_no_longer_owed(celery_worker):
    with transaction.atomic():
        row = outbox.outbox_enqueue("core.tasks.add", [20, 22])
    wait_for(lambda: not Outbox.objects.filter(pk=row.pk).exists(), timeout=30)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_row_the_broker_never_got_is_sent_by_the_sweeper_and_then_run(celery_worker):
    row = Outbox.objects.create(task="core.tasks.add", args=[1, 2],
                                available_at=timezone.now() - dt.timedelta(seconds=1))  # as if never sent
    assert sweeper.sweep_all()["outbox"] == 1
    wait_for(lambda: not Outbox.objects.filter(pk=row.pk).exists(), timeout=30)


@pytest.mark.django_db
def test_a_transaction_that_owes_several_tasks_sends_them_in_one_go_and_skips_a_rolled_back_savepoint(
        django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    sent = []
    monkeypatch.setattr(outbox.current_app, "send_task", lambda name, args, headers, retry, ignore_result: sent.append(
        args))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        outbox.outbox_enqueue("core.tasks.add", [1, 1])
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back with its row
            outbox.outbox_enqueue("core.tasks.add", [2, 2])
            raise RuntimeError("this part failed")
        outbox.outbox_enqueue_many("core.tasks.add", [[3, 3], [4, 4]])
    assert len(callbacks) == 1  # one hook: one read of the rows, one update
    assert sent == [[1, 1], [3, 3], [4, 4]]
    assert set(Outbox.objects.values_list("attempts", flat=True)) == {1}

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():  # a new transaction
        with pytest.raises(RuntimeError), transaction.atomic():  # its first hook is rolled back with the savepoint
            outbox.outbox_enqueue("core.tasks.add", [5, 5])
            raise RuntimeError("this part failed")
        outbox.outbox_enqueue("core.tasks.add", [6, 6])
    assert len(callbacks) == 1 and sent[3:] == [[6, 6]]
