"""A chassis number the yard already lists updates that vehicle; other yards' and sold vehicles are reported."""

from decimal import Decimal

import pytest

from inventory.models import Status, Vehicle
from tests.factories import VehicleFactory, YardFactory
from tests.inventory.imports.conftest import csv_bytes, report, row, run_import


@pytest.mark.django_db
def test_reuploading_the_same_file_updates_by_chassis_number_instead_of_duplicating(merchant):
    rows = [row(f"ACU30-00{i}1234") for i in range(5)]
    first = run_import(merchant, csv_bytes(rows))
    stock_numbers = dict(Vehicle.objects.values_list("chassis_no", "stock_no"))

    rows[0] = {**rows[0], "chassis_no": rows[0]["chassis_no"].lower(), "price_amount": "590000",
               "mileage_km": "69000"}
    second = run_import(merchant, csv_bytes(rows))

    assert (first.created_count, second.created_count) == (5, 0)
    assert (second.updated_count, second.unchanged_count, second.error_count) == (1, 4, 0)
    assert Vehicle.objects.count() == 5
    assert dict(Vehicle.objects.values_list("chassis_no", "stock_no")) == stock_numbers
    updated = Vehicle.objects.get(chassis_no="ACU30-0001234")
    assert (updated.price_amount, updated.mileage_km) == (Decimal("590000"), 69000)
    change = updated.history.filter(history_type="~").get()
    assert change.history_user == merchant and change.price_amount == Decimal("590000")


@pytest.mark.django_db
def test_columns_left_out_keep_their_values_on_update(merchant):
    run_import(merchant, csv_bytes([row("GP5-1000123", color="Blue", grade="F package")]))
    header = ["make", "model", "chassis_no", "year", "mileage_km", "fuel", "price_amount", "engine_cc"]

    job = run_import(merchant, csv_bytes([row("GP5-1000123", price_amount="700000")], header=header))

    assert job.updated_count == 1
    vehicle = Vehicle.objects.get(chassis_no="GP5-1000123")
    assert (vehicle.color, vehicle.grade, vehicle.price_amount) == ("Blue", "F package", Decimal("700000"))


@pytest.mark.django_db
def test_a_chassis_number_listed_by_another_yard_is_a_row_error(merchant):
    theirs = VehicleFactory(yard=YardFactory(code="YH"), chassis_no="ZWR80-0123456", price_amount=Decimal("1"))

    job = run_import(merchant, csv_bytes([row("zwr80-0123456"), row("ZWR80-0123457")]))

    assert (job.created_count, job.error_count) == (1, 1)
    assert report(job) == [(2, "chassis_no", "This chassis number is already listed by another yard.")]
    theirs.refresh_from_db()
    assert theirs.price_amount == Decimal("1") and theirs.yard.code == "YH"


@pytest.mark.django_db
def test_a_withdrawn_vehicle_does_not_block_listing_its_chassis_again(merchant):
    VehicleFactory(yard=YardFactory(code="YH"), chassis_no="AZR60-0654321", status=Status.WITHDRAWN)

    job = run_import(merchant, csv_bytes([row("AZR60-0654321")]))

    assert job.created_count == 1 and job.error_count == 0


@pytest.mark.django_db
def test_a_sold_vehicle_is_reported_not_updated(merchant):
    sold = VehicleFactory(yard=merchant.yard, chassis_no="MXPA10-2000001", status=Status.SOLD)

    job = run_import(merchant, csv_bytes([row("MXPA10-2000001", price_amount="1")]))

    assert (job.updated_count, job.error_count) == (0, 1)
    assert report(job)[0][:2] == (2, "")
    sold.refresh_from_db()
    assert sold.price_amount == Decimal("1250000")
