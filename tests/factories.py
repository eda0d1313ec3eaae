"""factory_boy factories for every app's models; real VINs come from the shipped samples."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import BuyerCompany, User, Yard
from inventory.models import Vehicle


class YardFactory(DjangoModelFactory):
    class Meta:
        model = Yard
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"Y{chr(65 + n % 26)}{chr(65 + (n // 26) % 26)}")
    name = factory.Sequence(lambda n: f"Yard {n}")
    country = "JP"
    city = "Toyama"


class BuyerCompanyFactory(DjangoModelFactory):
    class Meta:
        model = BuyerCompany

    name = factory.Sequence(lambda n: f"Buyer {n} LLC")
    country = "RU"
    city = "Vladivostok"
    consignee_name = factory.SelfAttribute("name")
    approval_status = BuyerCompany.Approval.APPROVED  # a registered buyer waits: tests/accounts make those


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("demo-password")
    role = User.Role.BUYER


class MerchantFactory(UserFactory):
    role = User.Role.MERCHANT
    yard = factory.SubFactory(YardFactory)


class BuyerFactory(UserFactory):
    role = User.Role.BUYER
    buyer = factory.SubFactory(BuyerCompanyFactory)


class OfficerFactory(UserFactory):
    role = User.Role.OFFICER


class StaffFactory(UserFactory):
    role = User.Role.STAFF
    is_staff = True


class VehicleFactory(DjangoModelFactory):
    class Meta:
        model = Vehicle

    yard = factory.SubFactory(YardFactory)
    stock_no = factory.Sequence(lambda n: f"T-{n:06d}")
    make = "Toyota"
    model = "Corolla"
    model_code = "ZRE212"
    chassis_no = factory.Sequence(lambda n: f"ZRE212-{1000000 + n}")
    year = 2019
    first_registration = dt.date(2019, 6, 1)
    mileage_km = 42000
    engine_cc = 1800
    fuel = "petrol"
    price_amount = Decimal("1250000")
    price_currency = "JPY"
    status = "available"
    # Stands for one processed photo, so an available factory car is in the public catalog as most tests
    # expect; tests about photos pass photo_count=0 and add real photos through the photo services.
    photo_count = 1
    length_mm = 4630
    width_mm = 1780
    height_mm = 1435


# --- compliance ---------------------------------------------------------------------------------
from compliance.models import Rule, RuleSet, RuleVersion  # noqa: E402


class RuleSetFactory(DjangoModelFactory):
    class Meta:
        model = RuleSet
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"test-set-{n}")
    name = factory.Sequence(lambda n: f"Test rule set {n}")
    authority = "Test authority"
    kind = RuleSet.Kind.LAW
    origin_countries = factory.LazyFunction(list)


class RuleFactory(DjangoModelFactory):
    class Meta:
        model = Rule

    rule_set = factory.SubFactory(RuleSetFactory)
    code = factory.Sequence(lambda n: f"TEST-RULE-{n}")


class RuleVersionFactory(DjangoModelFactory):
    class Meta:
        model = RuleVersion

    rule = factory.SubFactory(RuleFactory)
    version = 1
    condition = factory.LazyFunction(lambda: {"fact": "engine_cc", "op": "gt", "value": 1500})
    effect = "block"
    message = "Test rule"
    citation_source = "Test source"
    citation_url = "https://example.com/rule"
    confidence = "S"
    effective_from = dt.date(2020, 1, 1)
    destinations = factory.LazyFunction(lambda: ["RU"])
