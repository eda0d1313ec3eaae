"""Request and response shapes of the compliance API (api.md), shared with ``compliance_evaluate``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from compliance.engine.facts import CHOICE_FIELDS, INT_FIELDS, TEXT_FIELDS, Facts
from core.codes import is_country, is_currency
from core.dates import parse_year_month
from core.errors import flatten_errors

MAX_ROUTE = 8


def validated(serializer: serializers.Serializer) -> serializers.Serializer:
    """Validate, raising field errors with dotted names (the API's error format has one level)."""
    if not serializer.is_valid():
        raise serializers.ValidationError(flatten_errors(serializer.errors))
    return serializer


class CountryField(serializers.CharField):
    default_error_messages = {"unknown": _("{value!r} is not an ISO 3166 two-letter country code (e.g. RU).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data).strip().upper()
        if not is_country(value):
            self.fail("unknown", value=data)
        return value


class MonthField(serializers.CharField):
    """First registration: ``YYYY-MM`` (stored as the first day) or ``YYYY-MM-DD``."""

    default_error_messages = {"invalid": _("Use YYYY-MM (or YYYY-MM-DD) with a real month and day.")}

    def to_internal_value(self, data):
        try:
            return parse_year_month(str(super().to_internal_value(data)), keep_day=True)
        except ValueError:
            self.fail("invalid")


class MoneySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", error_messages={
        "invalid": _("Use a three-letter ISO 4217 currency code.")})

    def validate_currency(self, value):
        value = value.upper()
        if not is_currency(value):
            raise serializers.ValidationError(_("Use a three-letter ISO 4217 currency code."))
        return value


class VehicleFactsSerializer(serializers.Serializer):
    """Any vehicle field of the public API; what is left out is unknown (and never matches)."""

    customs_value = MoneySerializer(required=False)
    price = MoneySerializer(required=False)
    first_registration = MonthField(required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for name in TEXT_FIELDS:
            fields[name] = serializers.CharField(required=False, allow_blank=True, max_length=80)
        for name, choices in CHOICE_FIELDS.items():
            fields[name] = serializers.ChoiceField(choices=choices, required=False)
        for name in INT_FIELDS:
            limits = {"min_value": 1886, "max_value": 2100} if name == "year" else {"min_value": 0}
            fields[name] = serializers.IntegerField(required=False, allow_null=True, **limits)
        return fields


class EvaluateRequestSerializer(serializers.Serializer):
    vehicle = VehicleFactsSerializer()
    origin = CountryField()
    destination = CountryField()
    route = serializers.ListField(child=CountryField(), required=False, allow_empty=False, max_length=MAX_ROUTE)
    date = serializers.DateField(required=False)

    def validate(self, attrs):
        attrs.setdefault("route", [attrs["destination"]])
        attrs.setdefault("date", timezone.localdate())
        return attrs

    def to_facts(self) -> Facts:
        data = dict(self.validated_data)
        vehicle = dict(data["vehicle"])
        money = vehicle.pop("customs_value", None) or vehicle.pop("price", None)
        vehicle.pop("price", None)
        for name in TEXT_FIELDS + tuple(CHOICE_FIELDS):
            vehicle[name] = vehicle.get(name) or ""
        return Facts(origin=data["origin"], destination=data["destination"], route=tuple(data["route"]),
                     as_of=data["date"], customs_value=money["amount"] if money else None,
                     customs_currency=money["currency"] if money else "", **vehicle)


class CitationSerializer(serializers.Serializer):
    source = serializers.CharField()
    url = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_version = serializers.IntegerField()
    rule_set = serializers.CharField()
    effect = serializers.ChoiceField(choices=["block", "review", "require", "info"])
    message = serializers.CharField()
    citation = CitationSerializer()
    confidence = serializers.ChoiceField(choices=["S", "U"])
    requirement = serializers.CharField(required=False)
    customs_value = serializers.DictField(required=False, help_text="The value, the rate and its date used.")


class EvaluateResponseSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["clear", "review", "blocked"])
    findings = FindingSerializer(many=True)
    requirements = serializers.ListField(child=serializers.CharField())
    as_of = serializers.DateField()
    rules_version = serializers.CharField()


class CheckResponseSerializer(EvaluateResponseSerializer):
    id = serializers.IntegerField()
    vehicle = serializers.IntegerField()
    origin = serializers.CharField()
    destination = serializers.CharField()
    route = serializers.ListField(child=serializers.CharField())
    checked_at = serializers.DateTimeField()
    officer_review = serializers.DictField(allow_null=True)


class VehicleComplianceQuerySerializer(serializers.Serializer):
    destination = CountryField()
    route = serializers.CharField(required=False, help_text="Comma-separated countries, final last: KZ,RU")

    def validate(self, attrs):
        raw = attrs.get("route")
        if raw:
            if raw.count(",") >= MAX_ROUTE:
                raise serializers.ValidationError({"route": [_("At most %(n)d countries.") % {"n": MAX_ROUTE}]})
            field = CountryField()
            try:
                attrs["route"] = [field.to_internal_value(part) for part in raw.split(",")]
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"route": exc.detail})
        else:
            attrs["route"] = [attrs["destination"]]
        return attrs


def check_response(check, review=None) -> dict:
    return {
        "id": check.pk, "vehicle": check.vehicle_id, "origin": check.origin, "destination": check.destination,
        "route": list(check.route), "decision": check.decision, "findings": check.findings,
        "requirements": check.requirements, "as_of": check.as_of.isoformat(),
        "rules_version": check.rules_fingerprint, "checked_at": check.created.isoformat(),
        "officer_review": None if review is None else {
            "outcome": review.outcome, "reason": review.reason, "decided_at": review.decided_at.isoformat()},
    }


class ScreenRequestSerializer(serializers.Serializer):
    """``POST /api/v1/compliance/screen/``: a name to screen, with what else is known about the party."""

    name = serializers.CharField(max_length=500, trim_whitespace=True)
    country = CountryField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=["person", "organization", "vessel"], required=False, allow_null=True)

    def validate_name(self, value):
        if "\x00" in value or not any(char.isalnum() for char in value):
            raise serializers.ValidationError(_("Give a name with letters or digits."))
        return value

    def validate_birth_date(self, value):
        if value and (value > timezone.localdate() or value.year < 1880):
            raise serializers.ValidationError(_("A birth date must be between 1880 and today."))
        return value


class ScreenListSerializer(serializers.Serializer):
    list = serializers.CharField()
    version = serializers.IntegerField()


class ScreenHitSerializer(serializers.Serializer):
    list = serializers.CharField()
    entry_id = serializers.CharField()
    name = serializers.CharField()
    matched_name = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)
    programs = serializers.ListField(child=serializers.CharField())
    explanation = serializers.ListField(child=serializers.CharField())


class ScreenResponseSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text="clear (no hit) or review (an officer must look)")
    lists = ScreenListSerializer(many=True)
    hits = ScreenHitSerializer(many=True)
