"""Numbers per series and year are gap-free: concurrent requests never share or skip one, and a request whose
transaction rolls back gives its number back (real concurrent transactions on PostgreSQL)."""

import random
import threading
import time

import pytest
from django.db import connection, transaction

from documents.models import Document, NumberSeries
from documents.services import document_request, number_take
from tests.factories import BuyerCompanyFactory


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_numbers_count_up_per_series_and_year():
    with transaction.atomic():
        taken = [number_take(series="PI", year=2026), number_take(series="PI", year=2026),
                 number_take(series="SC", year=2026), number_take(series="PI", year=2027)]
    assert taken == ["PI-2026-000001", "PI-2026-000002", "SC-2026-000001", "PI-2027-000001"]


@pytest.mark.django_db(transaction=True)
def test_a_number_is_taken_only_inside_the_transaction_that_stores_it():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        number_take(series="PI", year=2026)


@pytest.mark.django_db
def test_a_rolled_back_request_gives_its_number_back(buyer):
    with pytest.raises(Rollback), transaction.atomic():
        assert document_request(owner=buyer, kind="test_paper").number.endswith("-000001")
        raise Rollback
    assert not Document.objects.exists()
    assert document_request(owner=buyer, kind="test_paper").number.endswith("-000001")


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_share_or_skip_a_number():
    owners = [BuyerCompanyFactory() for _ in range(24)]
    barrier = threading.Barrier(8)
    errors = []

    def worker(batch):
        try:
            barrier.wait(timeout=30)
            for index, owner in batch:
                try:
                    with transaction.atomic():
                        document_request(owner=owner, kind="test_paper")
                        time.sleep(random.uniform(0, 0.01))  # hold the series row while others queue on it
                        if index % 5 == 0:  # some callers' transactions fail after taking a number
                            raise Rollback
                except Rollback:
                    pass
        except Exception as exc:  # noqa: BLE001 (reported below, in the test's thread)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(list(enumerate(owners))[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    committed = [index for index in range(24) if index % 5]
    numbers = sorted(Document.objects.values_list("number", flat=True))
    year = numbers[0].split("-")[1]
    assert numbers == [f"TP-{year}-{n:06d}" for n in range(1, len(committed) + 1)]
    assert NumberSeries.objects.get(prefix="TP").last == len(committed)


@pytest.mark.django_db(transaction=True)
def test_two_requests_for_one_owner_and_kind_make_one_paper():
    owner = BuyerCompanyFactory()
    barrier = threading.Barrier(4)
    numbers = []

    def ask():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                numbers.append(document_request(owner=owner, kind="test_paper").number)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(numbers) == 4 and len(set(numbers)) == 1
    assert Document.objects.count() == 1
