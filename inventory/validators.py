"""Chassis numbers: a 17-character VIN (ISO 3779) or a Japanese frame number (MODELCODE-SERIAL).

The VIN check digit (position 9, 49 CFR 565 / ISO 3779) is mandatory for vehicles made for North
America (first character 1-5) and China (L); elsewhere it is optional, so it is not enforced.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
FRAME_RE = re.compile(r"^[A-Z0-9]{2,10}-[0-9A-Z]{4,8}$")
_TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    total = sum(_TRANSLITERATION[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def check_digit_required(vin: str) -> bool:
    return vin[0] in "12345L"


def normalize_chassis_no(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_chassis_no(value: str) -> None:
    value = normalize_chassis_no(value)
    if FRAME_RE.match(value):
        return
    if len(value) == 17 and "-" not in value:
        if not VIN_RE.match(value):
            raise ValidationError(
                _("A VIN has 17 letters and digits, without I, O or Q."), code="invalid_vin")
        if check_digit_required(value) and vin_check_digit(value) != value[8]:
            raise ValidationError(
                _("The VIN check digit (9th character) should be %(digit)s: please re-check the number."),
                params={"digit": vin_check_digit(value)}, code="vin_check_digit")
        return
    raise ValidationError(
        _("Enter a 17-character VIN or a Japanese frame number like ZVW30-1234567."), code="invalid_chassis_no")
