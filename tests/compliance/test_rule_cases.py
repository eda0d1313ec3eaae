"""Every shipped rule with its edges, decided by the evaluator AND by the SQL compiler (same answer)."""

import datetime as dt
from decimal import Decimal

import pytest

from core import rates
from tests.compliance.conftest import EU_ORIGIN, car, python_decision, sql_decision

D = dt.date


def case(name, vehicle, origin, destination, as_of, decision, fired=(), not_fired=(), route=None, requirements=None):
    return pytest.param(vehicle, {"origin": origin, "destination": destination, "route": route, "as_of": as_of},
                        decision, fired, not_fired, requirements, id=name)


CASES = [
    # Japan -> Russia: engine over 1,900 cc (2023-08-09)
    case("jp-ru 1900cc is allowed", car(engine_cc=1900), "JP", "RU", D(2024, 1, 10), "clear",
         not_fired=["JP-RU-ENGINE-1900"]),
    case("jp-ru 1901cc is banned", car(engine_cc=1901), "JP", "RU", D(2024, 1, 10), "blocked",
         fired=["JP-RU-ENGINE-1900"]),
    case("jp-ru diesel 1901cc is banned", car(engine_cc=1901, fuel="diesel"), "JP", "RU", D(2024, 1, 10), "blocked",
         fired=["JP-RU-ENGINE-1900"]),
    case("jp-ru 2.0 l the day before the ban", car(engine_cc=1986), "JP", "RU", D(2023, 8, 8), "clear"),
    case("jp-ru 2.0 l the day of the ban", car(engine_cc=1986), "JP", "RU", D(2023, 8, 9), "blocked",
         fired=["JP-RU-ENGINE-1900"]),
    case("harrier jp-kz-ru is banned: the final country counts", car(model="Harrier", engine_cc=1986), "JP", "KZ",
         D(2024, 2, 1), "blocked", fired=["JP-RU-ENGINE-1900", "RU-EAEU-COMMERCIAL-RECYCLING-FEE"],
         not_fired=["HOUSE-REEXPORT-REVIEW"], route=["KZ", "RU"]),
    case("harrier jp-kz is house-policy review, not the russian ban", car(model="Harrier", engine_cc=1986), "JP",
         "KZ", D(2024, 2, 1), "review", fired=["HOUSE-REEXPORT-REVIEW", "HOUSE-NO-REEXPORT-CLAUSE"],
         not_fired=["JP-RU-ENGINE-1900"], requirements=["No re-export to Russia clause in the sales contract"]),
    case("cn-ru 2.0 l: the japanese ban does not govern china", car(engine_cc=1986), "CN", "RU", D(2024, 2, 1),
         "clear", not_fired=["JP-RU-ENGINE-1900", "EU-RU-ENGINE-1900"], fired=["CN-USED-CAR-PILOT"]),
    case("eu-ru 2.0 l is banned under annex xxiii", car(engine_cc=1986), EU_ORIGIN, "RU", D(2023, 6, 24), "blocked",
         fired=["EU-RU-ENGINE-1900"], not_fired=["JP-RU-ENGINE-1900"]),
    case("eu-ru 2.0 l the day before annex xxiii", car(engine_cc=1986), EU_ORIGIN, "RU", D(2023, 6, 23), "clear"),
    case("jp-ru lpg 2.5 l is not a petrol or diesel car", car(engine_cc=2500, fuel="lpg"), "JP", "RU", D(2024, 1, 10),
         "clear"),
    # hybrids and electric cars (2023-08-09); range extenders are hybrids; mild hybrids are [U]
    *[case(f"jp-ru {fuel} is banned", car(fuel=fuel, engine_cc=None if fuel == "electric" else 1500), "JP", "RU",
           D(2023, 8, 9), "blocked", fired=["JP-RU-HYBRID-EV"])
      for fuel in ("hybrid", "plugin_hybrid", "range_extender", "electric")],
    case("jp-ru hybrid the day before", car(fuel="hybrid"), "JP", "RU", D(2023, 8, 8), "clear"),
    case("jp-ru mild hybrid is a review, not a block", car(fuel="mild_hybrid"), "JP", "RU", D(2024, 12, 20), "review",
         fired=["JP-RU-MILD-HYBRID"], not_fired=["JP-RU-HYBRID-EV"]),
    case("eu-ru mild hybrid is banned", car(fuel="mild_hybrid"), EU_ORIGIN, "RU", D(2024, 1, 1), "blocked",
         fired=["EU-RU-HYBRID-EV"]),
    # luxury cars: over JPY 6,000,000 (2022-04-05)
    case("jp-ru JPY 6,000,000 is allowed", car(price_amount=Decimal("6000000")), "JP", "RU", D(2022, 5, 1), "clear"),
    case("jp-ru JPY 6,000,001 is luxury", car(price_amount=Decimal("6000001")), "JP", "RU", D(2022, 5, 1), "blocked",
         fired=["JP-RU-LUXURY-CAR"]),
    case("jp-ru luxury the day before", car(price_amount=Decimal("9000000")), "JP", "RU", D(2022, 4, 4), "clear"),
    case("jp-ru luxury the day of", car(price_amount=Decimal("9000000")), "JP", "RU", D(2022, 4, 5), "blocked",
         fired=["JP-RU-LUXURY-CAR"]),
    case("jp-ru no rate for the currency is a review", car(price_amount=Decimal("100"), price_currency="XYZ"), "JP",
         "RU", D(2022, 5, 1), "review", fired=["JP-RU-LUXURY-CAR"]),
    case("jp-ru no rate but not a passenger car: nothing to convert",
         car(price_amount=Decimal("100"), price_currency="XYZ", category="N1", body_type="pickup"), "JP", "RU",
         D(2021, 5, 1), "clear"),
    # trucks (2022-06-17), heavy trucks (2023-04-07), motorcycles (2025-01-23)
    case("jp-ru truck the day before", car(category="N2", body_type="truck", engine_cc=4000), "JP", "RU",
         D(2022, 6, 16), "clear"),
    case("jp-ru truck the day of", car(category="N2", body_type="truck", engine_cc=4000), "JP", "RU", D(2022, 6, 17),
         "blocked", fired=["JP-RU-TRUCK"]),
    case("jp-ru light van is a [U] review", car(category="N1", body_type="van"), "JP", "RU", D(2022, 6, 17),
         "review", fired=["JP-RU-LIGHT-TRUCK-SCOPE"]),
    case("jp-ru bus of 19,999 kg", car(category="M3", body_type="bus", gross_weight_kg=19999, engine_cc=7000), "JP",
         "RU", D(2023, 4, 7), "clear"),
    case("jp-ru bus of 20,000 kg the day before", car(category="M3", body_type="bus", gross_weight_kg=20000,
                                                      engine_cc=7000), "JP", "RU", D(2023, 4, 6), "clear"),
    case("jp-ru bus of 20,000 kg the day of", car(category="M3", body_type="bus", gross_weight_kg=20000,
                                                  engine_cc=7000), "JP", "RU", D(2023, 4, 7), "blocked",
         fired=["JP-RU-HEAVY-TRUCK"]),
    case("jp-ru motorcycle the day before", car(category="L", body_type="motorcycle", engine_cc=250), "JP", "RU",
         D(2025, 1, 22), "clear"),
    case("jp-ru motorcycle the day of", car(category="L", body_type="motorcycle", engine_cc=250), "JP", "RU",
         D(2025, 1, 23), "blocked", fired=["JP-RU-MOTORCYCLE"]),
    # EU luxury (2022-03-15): EUR 50,000 cars, EUR 5,000 motorcycles
    case("eu-ru EUR 50,000 is allowed", car(price_amount=Decimal("50000"), price_currency="EUR"), EU_ORIGIN, "RU",
         D(2022, 4, 1), "clear"),
    case("eu-ru EUR 50,000.01 is luxury", car(price_amount=Decimal("50000.01"), price_currency="EUR"), EU_ORIGIN, "RU",
         D(2022, 4, 1), "blocked", fired=["EU-RU-LUXURY-CAR"]),
    case("eu-ru luxury the day before", car(price_amount=Decimal("90000"), price_currency="EUR"), EU_ORIGIN, "RU",
         D(2022, 3, 14), "clear"),
    case("eu-ru motorcycle EUR 5,000.01", car(category="L", body_type="motorcycle", engine_cc=600,
                                              price_amount=Decimal("5000.01"), price_currency="EUR"),
         EU_ORIGIN, "RU", D(2022, 4, 1), "blocked", fired=["EU-RU-LUXURY-MOTORCYCLE"]),
    case("eu-ru motorcycle EUR 5,000", car(category="L", body_type="motorcycle", engine_cc=600,
                                           price_amount=Decimal("5000"), price_currency="EUR"),
         EU_ORIGIN, "RU", D(2022, 4, 1), "clear"),
    # Russia: routes through the EAEU
    case("eaeu route the day before the recycling fee", car(), "JP", "KZ", D(2023, 10, 28), "clear",
         not_fired=["RU-EAEU-COMMERCIAL-RECYCLING-FEE"], route=["KZ", "RU"]),
    case("eaeu route the day of the recycling fee", car(), "JP", "KZ", D(2023, 10, 29), "clear",
         fired=["RU-EAEU-COMMERCIAL-RECYCLING-FEE"], route=["KZ", "RU"]),
    case("eaeu route needs proof of duties from 2024-04-01", car(), "JP", "KG", D(2024, 4, 1), "clear",
         fired=["RU-EAEU-DUTY-PROOF"], route=["KG", "RU"],
         requirements=["Declared customs value and proof of duties paid"]),
    case("eaeu route the day before the duty proof", car(), "JP", "KG", D(2024, 3, 31), "clear",
         not_fired=["RU-EAEU-DUTY-PROOF"], route=["KG", "RU"]),
    case("direct to russia crosses no eaeu state", car(), "JP", "RU", D(2024, 4, 1), "clear",
         not_fired=["RU-EAEU-DUTY-PROOF"]),
    case("personal eaeu imports [U] from 2026-04-01 are a review", car(), "CN", "KZ", D(2026, 4, 1), "review",
         fired=["RU-EAEU-PERSONAL-IMPORT"], route=["KZ", "RU"]),
    case("160.4 hp pays the power coefficient", car(power_kw=118), "CN", "RU", D(2025, 12, 1), "clear",
         fired=["RU-RECYCLING-FEE-POWER"]),
    case("159.1 hp keeps the personal rate", car(power_kw=117), "CN", "RU", D(2025, 12, 1), "clear",
         not_fired=["RU-RECYCLING-FEE-POWER"]),
    case("power coefficient the day before", car(power_kw=118), "CN", "RU", D(2025, 11, 30), "clear",
         not_fired=["RU-RECYCLING-FEE-POWER"]),
    case("35 months old: under-3-years duty", car(first_registration=D(2021, 3, 1)), "CN", "RU", D(2024, 2, 1),
         "clear", fired=["RU-PERSONAL-DUTY-UNDER-3Y"]),
    case("36 months old: not under 3 years", car(first_registration=D(2021, 2, 1)), "CN", "RU", D(2024, 2, 1),
         "clear", not_fired=["RU-PERSONAL-DUTY-UNDER-3Y"]),
    # China export
    case("cn licence the day before nationwide licences", car(), "CN", "MN", D(2024, 2, 29), "clear",
         fired=["CN-USED-CAR-PILOT"], not_fired=["CN-EXPORT-LICENCE"]),
    case("cn licence from 2024-03-01", car(), "CN", "MN", D(2024, 3, 1), "clear", fired=["CN-EXPORT-LICENCE"],
         not_fired=["CN-USED-CAR-PILOT"], requirements=["MOFCOM used-car export licence"]),
    case("cn zero-km: registered 180 days before", car(first_registration=D(2025, 7, 5)), "CN", "MN", D(2026, 1, 1),
         "clear", fired=["CN-ZERO-KM"]),
    case("cn registered 181 days before is not zero-km", car(first_registration=D(2025, 7, 4)), "CN", "MN",
         D(2026, 1, 1), "clear", not_fired=["CN-ZERO-KM"]),
    case("cn zero-km the day before the rule", car(first_registration=D(2025, 7, 4)), "CN", "MN", D(2025, 12, 31),
         "clear", not_fired=["CN-ZERO-KM"]),
    case("cn zero-km from japan is not china's rule", car(first_registration=D(2025, 7, 5)), "JP", "MN",
         D(2026, 1, 1), "clear", not_fired=["CN-ZERO-KM"]),
    case("cn electric needs a licence from 2026", car(fuel="electric", engine_cc=None), "CN", "MN", D(2026, 1, 1),
         "clear", fired=["CN-EV-LICENCE"]),
    case("cn electric the day before", car(fuel="electric", engine_cc=None), "CN", "MN", D(2025, 12, 31), "clear",
         not_fired=["CN-EV-LICENCE"]),
    case("cn zero-km to kazakhstan is a house review", car(first_registration=D(2025, 7, 5), mileage_km=20), "CN",
         "KZ", D(2026, 1, 1), "review", fired=["HOUSE-CN-ZERO-KM-EAEU", "CN-ZERO-KM"]),
    # Kenya (2026-01-01)
    case("ke left-hand drive the day before", car(steering="lhd", first_registration=D(2020, 1, 1)), "CN", "KE",
         D(2025, 12, 31), "clear"),
    case("ke left-hand drive is banned", car(steering="lhd", first_registration=D(2020, 1, 1)), "CN", "KE",
         D(2026, 1, 1), "blocked", fired=["KE-RHD-ONLY"]),
    case("ke registered 2018-12 is banned", car(first_registration=D(2018, 12, 1), year=2018), "JP", "KE",
         D(2026, 1, 1), "blocked", fired=["KE-REGISTERED-FROM-2019"]),
    case("ke registered 2019-01 from japan needs qisj", car(first_registration=D(2019, 1, 1), year=2019), "JP", "KE",
         D(2026, 1, 1), "clear", fired=["KE-QISJ-CERTIFICATE"], requirements=["QISJ roadworthiness certificate"]),
    case("ke never registered, made 2018", car(first_registration=None, year=2018), "CN", "KE", D(2026, 1, 1),
         "blocked", fired=["KE-REGISTERED-FROM-2019"]),
    case("ke from china needs no qisj", car(first_registration=D(2021, 1, 1)), "CN", "KE", D(2026, 1, 1), "clear",
         not_fired=["KE-QISJ-CERTIFICATE"]),
    # Tanzania and the house policy
    case("tz shows the tbs fee", car(), "JP", "TZ", D(2024, 1, 1), "clear", fired=["TZ-TBS-INSPECTION-FEE"]),
    *[case(f"house policy for {country}", car(), "JP", country, D(2024, 1, 1), "review",
           fired=["HOUSE-REEXPORT-REVIEW", "HOUSE-NO-REEXPORT-CLAUSE"]) for country in ("KG", "AM", "GE", "AE", "TR")],
    case("no house policy for mongolia", car(), "JP", "MN", D(2024, 1, 1), "clear",
         not_fired=["HOUSE-REEXPORT-REVIEW"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["python", "sql"])
@pytest.mark.parametrize(("vehicle", "transaction", "decision", "fired", "not_fired", "requirements"), CASES)
def test_rule_case(path, vehicle, transaction, decision, fired, not_fired, requirements):
    result = (python_decision if path == "python" else sql_decision)(vehicle, **transaction)
    codes = {finding["rule"] for finding in result.findings}
    assert result.decision == decision, result.findings
    assert set(fired) <= codes
    assert not set(not_fired) & codes
    if requirements is not None:
        assert list(result.requirements) == requirements


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["python", "sql"])
@pytest.mark.parametrize(("currency", "origin", "rule", "threshold", "in_currency", "as_of"), [
    ("USD", "JP", "JP-RU-LUXURY-CAR", Decimal("6000000"), "JPY", D(2024, 2, 1)),
    ("CNY", "JP", "JP-RU-LUXURY-CAR", Decimal("6000000"), "JPY", D(2024, 2, 1)),
    ("EUR", "JP", "JP-RU-LUXURY-CAR", Decimal("6000000"), "JPY", D(2024, 2, 1)),
    ("CNY", EU_ORIGIN, "EU-RU-LUXURY-CAR", Decimal("50000"), "EUR", D(2024, 2, 1)),
    ("USD", EU_ORIGIN, "EU-RU-LUXURY-CAR", Decimal("50000"), "EUR", D(2024, 2, 1)),
])
def test_customs_value_is_converted_at_the_rate_of_the_check_date(path, currency, origin, rule, threshold,
                                                                  in_currency, as_of):
    at_threshold = rates.convert(threshold, in_currency, currency, as_of).amount
    decide = python_decision if path == "python" else sql_decision
    for amount in (at_threshold - 2, at_threshold + 2):
        expected = rates.convert(amount, currency, in_currency, as_of).amount > threshold
        result = decide(car(price_amount=amount, price_currency=currency), origin=origin, destination="RU",
                        as_of=as_of)
        findings = [finding for finding in result.findings if finding["rule"] == rule]
        assert bool(findings) is expected, (amount, currency)
        if findings:
            assert findings[0]["effect"] == "block"
            assert findings[0]["customs_value"]["rate_date"] <= as_of.isoformat()
            assert currency in findings[0]["customs_value"]["rate"] or currency == "EUR"


@pytest.mark.django_db
def test_a_finding_carries_code_version_set_citation_and_confidence():
    result = python_decision(car(engine_cc=1986), origin="JP", destination="RU", as_of=D(2024, 1, 10))
    finding = next(item for item in result.findings if item["rule"] == "JP-RU-ENGINE-1900")
    assert finding["rule_version"] == 1
    assert finding["rule_set"] == "jp-ru-export"
    assert finding["citation"]["source"].startswith("JETRO")
    assert finding["citation"]["url"].startswith("https://")
    assert finding["confidence"] == "S"
    assert len(result.rules_version) == 64


@pytest.mark.django_db
def test_no_exchange_rate_is_a_review_finding_that_says_so():
    result = python_decision(car(price_amount=Decimal("100"), price_currency="XYZ"), origin="JP", destination="RU",
                             as_of=D(2024, 1, 10))
    finding = next(item for item in result.findings if item["rule"] == "JP-RU-LUXURY-CAR")
    assert finding["effect"] == "review"
    assert finding["code"] == "no_exchange_rate"
    assert "No exchange rate" in finding["message"] and "XYZ" in finding["message"]
