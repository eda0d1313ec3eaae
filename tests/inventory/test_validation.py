import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from inventory.validators import validate_chassis_no, vin_check_digit
from tests.factories import VehicleFactory

VIN_FILE = Path(__file__).resolve().parents[2] / "data" / "vin_samples.csv"
REAL_VINS = [row["vin"] for row in csv.DictReader(VIN_FILE.open())]


def test_the_shipped_sample_holds_every_real_vin():
    assert len(REAL_VINS) == 236


@pytest.mark.parametrize("vin", REAL_VINS)
def test_every_real_vin_is_accepted(vin):
    validate_chassis_no(vin)


def _mutate(vin: str) -> str:
    """Change one character (not the check digit) so the check digit no longer holds."""
    position = 10 if vin[10] != "X" else 11
    for replacement in "0123456789ABCDEFGH":
        candidate = vin[:position] + replacement + vin[position + 1:]
        if replacement != vin[position] and vin_check_digit(candidate) != candidate[8]:
            return candidate
    raise AssertionError("no mutation found")


MANDATORY = [vin for vin in REAL_VINS if vin[0] in "12345L"]


@pytest.mark.parametrize("vin", MANDATORY)
def test_every_mutated_north_american_or_chinese_vin_is_refused(vin):
    with pytest.raises(ValidationError) as error:
        validate_chassis_no(_mutate(vin))
    assert error.value.code == "vin_check_digit"


def test_mutations_cover_most_of_the_sample():
    assert len(MANDATORY) > 150


@pytest.mark.parametrize("frame", ["ZVW30-1234567", "NZE161-7012345", "GRS210-6001234", "jb64w-100234"])
def test_japanese_frame_numbers_are_accepted(frame):
    validate_chassis_no(frame)


@pytest.mark.parametrize("bad", ["", "123", "ZVW30 1234567X", "1HGCM82633A00435I", "1HGCM82633A004352-", "ABC-1"])
def test_malformed_chassis_numbers_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_chassis_no(bad)


@pytest.mark.django_db
class TestVehicleRules:
    def test_first_registration_cannot_be_in_the_future(self):
        vehicle = VehicleFactory.build(first_registration=dt.date.today().replace(day=1) + dt.timedelta(days=40))
        with pytest.raises(ValidationError) as error:
            vehicle.full_clean(exclude=["yard"])
        assert "first_registration" in error.value.message_dict

    def test_first_registration_cannot_precede_manufacture(self):
        vehicle = VehicleFactory.build(year=2020, first_registration=dt.date(2019, 5, 1))
        with pytest.raises(ValidationError) as error:
            vehicle.full_clean(exclude=["yard"])
        assert "first_registration" in error.value.message_dict

    def test_engine_size_is_required_unless_electric(self):
        with pytest.raises(ValidationError) as error:
            VehicleFactory.build(engine_cc=None, fuel="petrol").full_clean(exclude=["yard"])
        assert "engine_cc" in error.value.message_dict
        VehicleFactory.build(engine_cc=None, fuel="electric").full_clean(exclude=["yard", "stock_no"])

    def test_volume_in_cubic_metres(self):
        vehicle = VehicleFactory.build(length_mm=4630, width_mm=1780, height_mm=1435)
        assert str(vehicle.volume_m3) == "11.83"

    def test_the_database_refuses_two_active_vehicles_with_one_chassis_number(self):
        VehicleFactory(chassis_no="ZVW30-1111111")
        with pytest.raises(IntegrityError):
            VehicleFactory(chassis_no="zvw30-1111111".upper())

    def test_a_withdrawn_vehicle_frees_its_chassis_number(self):
        VehicleFactory(chassis_no="ZVW30-2222222", status="withdrawn")
        assert VehicleFactory(chassis_no="ZVW30-2222222").pk
