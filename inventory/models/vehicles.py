import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import validate_currency
from inventory.validators import normalize_chassis_no, validate_chassis_no


class Fuel(models.TextChoices):
    PETROL = "petrol", _("Petrol")
    DIESEL = "diesel", _("Diesel")
    HYBRID = "hybrid", _("Hybrid")
    MILD_HYBRID = "mild_hybrid", _("Mild hybrid")
    PLUGIN_HYBRID = "plugin_hybrid", _("Plug-in hybrid")
    RANGE_EXTENDER = "range_extender", _("Range extender")
    ELECTRIC = "electric", _("Electric")
    LPG = "lpg", _("LPG")
    CNG = "cng", _("CNG")
    HYDROGEN = "hydrogen", _("Hydrogen")


class Transmission(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("Manual")
    CVT = "cvt", _("CVT")
    OTHER = "other", _("Other")


class Drive(models.TextChoices):
    TWO = "2wd", _("2WD")
    FOUR = "4wd", _("4WD")
    ALL = "awd", _("AWD")


class Steering(models.TextChoices):
    RHD = "rhd", _("Right-hand drive")
    LHD = "lhd", _("Left-hand drive")


class BodyType(models.TextChoices):
    SEDAN = "sedan", _("Sedan")
    HATCHBACK = "hatchback", _("Hatchback")
    WAGON = "wagon", _("Wagon")
    SUV = "suv", _("SUV")
    VAN = "van", _("Van")
    MINIVAN = "minivan", _("Minivan")
    PICKUP = "pickup", _("Pickup")
    COUPE = "coupe", _("Coupe")
    CONVERTIBLE = "convertible", _("Convertible")
    TRUCK = "truck", _("Truck")
    BUS = "bus", _("Bus")
    MOTORHOME = "motorhome", _("Motorhome")
    TRACTOR = "tractor", _("Tractor")
    FORKLIFT = "forklift", _("Forklift")
    MACHINERY = "machinery", _("Machinery")
    MOTORCYCLE = "motorcycle", _("Motorcycle")


class Category(models.TextChoices):
    M1 = "M1", _("M1 passenger car")
    M2 = "M2", _("M2 minibus")
    M3 = "M3", _("M3 bus")
    N1 = "N1", _("N1 light truck")
    N2 = "N2", _("N2 truck")
    N3 = "N3", _("N3 heavy truck")
    L = "L", _("L motorcycle")
    SPECIAL = "special", _("Special vehicle")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    SOLD = "sold", _("Sold")
    SHIPPED = "shipped", _("Shipped")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATUSES = (Status.AVAILABLE, Status.RESERVED)
# The catalog's partial indexes cover public cars with a processed photo: the catalog's own condition
# (``in_catalog_q``, photo_count >= CATALOG_MIN_PHOTOS >= 1) implies this one, so the planner uses them.
PUBLIC = Q(status__in=["available", "reserved"]) & Q(photo_count__gte=1)


def in_catalog_q() -> Q:
    """The one rule for the public catalog (pages and API): public status and enough processed photos."""
    return Q(status__in=PUBLIC_STATUSES, photo_count__gte=settings.CATALOG_MIN_PHOTOS)


class Vehicle(models.Model):
    yard = models.ForeignKey("accounts.Yard", verbose_name=_("yard"), on_delete=models.PROTECT,
                             related_name="vehicles")
    stock_no = models.CharField(_("stock number"), max_length=16, unique=True, editable=False)
    make = models.CharField(_("make"), max_length=40)
    model = models.CharField(_("model"), max_length=60)
    grade = models.CharField(_("grade"), max_length=80, blank=True)
    model_code = models.CharField(_("model code"), max_length=30, blank=True)
    chassis_no = models.CharField(_("chassis number"), max_length=17, validators=[validate_chassis_no])
    year = models.PositiveSmallIntegerField(_("year of manufacture"),
                                            validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    first_registration = models.DateField(_("first registration"), null=True, blank=True,
                                          help_text=_("Year and month; stored as the first day of the month."))
    mileage_km = models.PositiveIntegerField(_("mileage (km)"))
    engine_cc = models.PositiveIntegerField(_("engine (cc)"), null=True, blank=True)
    fuel = models.CharField(_("fuel"), max_length=16, choices=Fuel.choices)
    power_kw = models.PositiveIntegerField(_("power (kW)"), null=True, blank=True)
    transmission = models.CharField(_("transmission"), max_length=10, choices=Transmission.choices,
                                    default=Transmission.AUTOMATIC)
    drive = models.CharField(_("drive"), max_length=4, choices=Drive.choices, default=Drive.TWO)
    steering = models.CharField(_("steering"), max_length=3, choices=Steering.choices, default=Steering.RHD)
    body_type = models.CharField(_("body type"), max_length=12, choices=BodyType.choices, default=BodyType.SEDAN)
    category = models.CharField(_("category"), max_length=8, choices=Category.choices, default=Category.M1)
    gross_weight_kg = models.PositiveIntegerField(_("gross weight (kg)"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    doors = models.PositiveSmallIntegerField(_("doors"), null=True, blank=True)
    color = models.CharField(_("colour"), max_length=30, blank=True)
    length_mm = models.PositiveIntegerField(_("length (mm)"), null=True, blank=True)
    width_mm = models.PositiveIntegerField(_("width (mm)"), null=True, blank=True)
    height_mm = models.PositiveIntegerField(_("height (mm)"), null=True, blank=True)
    auction_grade = models.CharField(_("auction grade"), max_length=8, blank=True)
    price_amount = models.DecimalField(_("price"), max_digits=14, decimal_places=2,
                                       validators=[MinValueValidator(Decimal("0.01"))])
    price_currency = models.CharField(_("currency"), max_length=3, default="JPY", validators=[validate_currency])
    # The price in EUR at the latest stored rate, kept for fast price filters in any currency.
    price_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # How many of its photos are processed (ready): kept by inventory.services.photos, read by the catalog.
    photo_count = models.PositiveSmallIntegerField(_("processed photos"), default=0, db_default=0, editable=False)
    description = models.TextField(_("description"), blank=True)
    search = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Counts saves (the API's ETag, the edit page's hidden field): a write that was based on an older
    # version is refused instead of silently overwriting. The services set it; a database trigger bumps
    # it for any other UPDATE that changes a real column (bulk SQL, future code paths).
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search", "price_eur", "updated", "photo_count"])

    class Meta:
        ordering = ["-created"]
        verbose_name = _("vehicle")
        constraints = [
            models.UniqueConstraint(Upper("chassis_no"), condition=~Q(status="withdrawn"),
                                    name="uniq_active_chassis_no",
                                    violation_error_message=_("A vehicle with this chassis number is already listed.")),
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="vehicle_price_positive"),
            models.CheckConstraint(condition=Q(engine_cc__isnull=False) | Q(fuel="electric"),
                                   name="vehicle_engine_cc_unless_electric",
                                   violation_error_message=_("Engine size is required unless the car is electric.")),
        ]
        indexes = [
            GinIndex(fields=["search"], name="vehicle_search"),
            GinIndex(name="vehicle_chassis_trgm", fields=["chassis_no"], opclasses=["gin_trgm_ops"]),
            # The public catalog (available + reserved) is read in these orders; partial indexes let
            # "ORDER BY ... LIMIT 20" walk one index instead of sorting every public row.
            models.Index(F("created").desc(), F("id").desc(), name="vehicle_pub_created", condition=PUBLIC),
            models.Index("price_eur", "id", name="vehicle_pub_price", condition=PUBLIC),
            models.Index("year", "id", name="vehicle_pub_year", condition=PUBLIC),
            models.Index("mileage_km", "id", name="vehicle_pub_mileage", condition=PUBLIC),
            models.Index(Upper("make"), Upper("model"), "year", name="vehicle_pub_make_model", condition=PUBLIC),
            models.Index("fuel", "year", name="vehicle_pub_fuel", condition=PUBLIC),
            models.Index("body_type", "price_eur", name="vehicle_pub_body", condition=PUBLIC),
            models.Index(fields=["yard", "status"], name="vehicle_yard_status"),
            models.Index(fields=["yard", "-updated", "-id"], name="vehicle_yard_updated"),  # "my stock"
            # the recently changed listed vehicles: compliance's checks owed (the sweeper, /healthz)
            models.Index(fields=["updated"], name="vehicle_updated", condition=~Q(status="withdrawn")),
        ]

    def __str__(self):
        return f"{self.stock_no} {self.year} {self.make} {self.model}"

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            non_field = errors.pop("__all__", [])
            for error in non_field:
                messages = getattr(error, "messages", [str(error)])
                key = "chassis_no" if any("chassis" in str(m) for m in messages) else "__all__"
                errors.setdefault(key, []).append(error)
            raise ValidationError(errors)

    def clean(self):
        errors = {}
        self.chassis_no = normalize_chassis_no(self.chassis_no)
        self.price_currency = (self.price_currency or "").upper()
        if self.first_registration:
            if self.first_registration > dt.date.today():
                errors["first_registration"] = _("First registration cannot be in the future.")
            elif self.year and self.first_registration.year < self.year:
                errors["first_registration"] = _("First registration cannot be before the year of manufacture.")
        if self.year and self.year > dt.date.today().year + 1:
            errors["year"] = _("The year of manufacture cannot be in the future.")
        if self.engine_cc is None and self.fuel and self.fuel != Fuel.ELECTRIC:
            errors["engine_cc"] = _("Engine size is required unless the car is electric.")
        if self.engine_cc is not None and self.fuel == Fuel.ELECTRIC:
            errors["engine_cc"] = _("An electric car has no engine size: leave it empty.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def photos_missing_for_catalog(self) -> int:
        """How many more processed photos it needs before the public catalog shows it (0: enough)."""
        return max(0, settings.CATALOG_MIN_PHOTOS - self.photo_count)

    @property
    def in_catalog(self) -> bool:
        return self.is_public and not self.photos_missing_for_catalog

    @property
    def volume_m3(self) -> Decimal | None:
        """Shipping volume (RoRo freight is priced by it)."""
        if not (self.length_mm and self.width_mm and self.height_mm):
            return None
        return (Decimal(self.length_mm) * self.width_mm * self.height_mm / Decimal(10**9)).quantize(Decimal("0.01"))

    @property
    def first_registration_month(self) -> str:
        return self.first_registration.strftime("%Y-%m") if self.first_registration else ""
