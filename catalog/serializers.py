"""The vehicle resource of api.md: price as {"amount", "currency"}, first registration as YYYY-MM, compliance badges."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.selectors import latest_decisions, upcoming_decisions
from core.codes import currency_codes
from core.dates import parse_year_month
from inventory.api.photos import photo_urls
from inventory.models import Vehicle, VehiclePhoto


@extend_schema_field({"type": "object", "properties": {"amount": {"type": "string", "example": "1250000"},
                                                       "currency": {"type": "string", "example": "JPY"}}})
class MoneyField(serializers.Field):
    default_error_messages = {
        "invalid": 'Send {{"amount": "1250000", "currency": "JPY"}}.',  # doubled braces: fail() formats it
    }
    AMOUNT = "amount must be a positive number with at most 2 decimals."
    CURRENCY = "currency must be an ISO 4217 code such as JPY, USD or EUR."

    def to_representation(self, vehicle):
        return {"amount": f"{vehicle.price_amount.normalize():f}", "currency": vehicle.price_currency}

    def to_internal_value(self, data):
        """Both parts are required (a price is never assumed to be in some currency); errors name the part."""
        if not isinstance(data, dict):
            self.fail("invalid")
        errors, value = {}, None
        amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
        if data.get("amount") in (None, ""):
            errors["amount"] = ["amount is required, e.g. \"1250000\"."]
        else:
            try:
                value = amount.run_validation(data["amount"])
            except serializers.ValidationError:
                errors["amount"] = [self.AMOUNT]
        currency = data.get("currency")
        if currency in (None, ""):
            errors["currency"] = ["currency is required: the ISO 4217 code of the amount, e.g. JPY or USD."]
        elif not isinstance(currency, str) or currency.upper() not in currency_codes():
            errors["currency"] = [self.CURRENCY]
        if errors:
            raise serializers.ValidationError(errors)
        return {"price_amount": value, "price_currency": currency.upper()}


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2020-03", "nullable": True})
class YearMonthField(serializers.Field):
    default_error_messages = {"invalid": "Use YYYY-MM, e.g. 2020-03."}

    def to_representation(self, value):
        return value.strftime("%Y-%m") if value else None

    def to_internal_value(self, data):
        try:
            return parse_year_month(str(data))
        except ValueError:
            self.fail("invalid")


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    thumbnail_url = serializers.CharField()


class VehicleSerializer(serializers.ModelSerializer):
    price = MoneyField(source="*")
    first_registration = YearMonthField(required=False, allow_null=True)
    yard = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    compliance = serializers.SerializerMethodField()
    compliance_upcoming = serializers.SerializerMethodField()
    volume_m3 = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True, allow_null=True)
    chassis_no = serializers.CharField(max_length=20)
    in_catalog = serializers.BooleanField(read_only=True, help_text=(
        "Shown to buyers: available or reserved, with at least CATALOG_MIN_PHOTOS (default 1) processed photos."))

    class Meta:
        model = Vehicle
        fields = [
            "id", "stock_no", "yard", "make", "model", "grade", "model_code", "chassis_no", "year",
            "first_registration", "mileage_km", "engine_cc", "fuel", "power_kw", "transmission", "drive",
            "steering", "body_type", "category", "gross_weight_kg", "seats", "doors", "color", "length_mm",
            "width_mm", "height_mm", "volume_m3", "auction_grade", "price", "status", "description", "photos",
            "compliance", "compliance_upcoming", "created", "updated", "photo_count", "in_catalog", "version",
        ]
        read_only_fields = ["id", "stock_no", "yard", "photos", "compliance", "compliance_upcoming", "created",
                            "updated", "volume_m3", "photo_count", "in_catalog", "version"]
        extra_kwargs = {"status": {"required": False}}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_yard(self, vehicle):
        yard = vehicle.yard
        return {"id": yard.pk, "code": yard.code, "name": yard.name, "country": yard.country, "city": yard.city,
                "port": yard.nearest_port_id}

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, vehicle):
        """Ready photos only (their URLs serve); the list is usually prefetched with ``ready_photos()``."""
        return [photo_urls(photo) for photo in vehicle.photos.all() if photo.state == VehiclePhoto.State.READY]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_compliance(self, vehicle):
        decisions = self.context.get("decisions")
        if decisions is None:
            decisions = latest_decisions([vehicle.pk])
        return decisions.get(vehicle.pk, {})

    @extend_schema_field({"type": "object", "additionalProperties": {
        "type": "object", "properties": {"decision": {"type": "string", "enum": ["clear", "review", "blocked"]},
                                         "from": {"type": "string", "format": "date"}}},
        "example": {"RU": {"decision": "blocked", "from": "2026-11-22"}}})
    def get_compliance_upcoming(self, vehicle):
        """Decisions a rule starting or ending on a coming date will bring: ``{country: {"decision", "from"}}``."""
        upcoming = self.context.get("upcoming")
        if upcoming is None:
            upcoming = upcoming_decisions([vehicle.pk])
        return {country: {"decision": item.decision, "from": item.effective_on.isoformat()}
                for country, item in upcoming.get(vehicle.pk, {}).items()}

    def validate_chassis_no(self, value):
        return value.strip().upper()
