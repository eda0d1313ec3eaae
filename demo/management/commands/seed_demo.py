"""Idempotent demo data: yards, users, 200+ vehicles with photos, rules, ports, rates, sanctions.

Refuses to run with DEBUG off: demo passwords never reach production.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import BuyerCompany, User, Yard
from compliance.services import rescreen_execute, rescreen_request, rules_load_defaults
from core import reference
from core.models import ExchangeRate, Location
from demo.freight import seed_freight
from demo.orders import seed_orders
from demo.photos import draw_car_photo
from demo.sanctions import load_demo_sanctions
from demo.shipments import seed_shipments
from demo.vehicles import demo_vehicles
from inventory import services
from inventory.models import Status, Vehicle
from inventory.services.photos import photo_add, photo_process

DEMO_PASSWORD = "demo-password"
VEHICLES_PER_YARD = {"TY": 90, "YH": 90, "HG": 45}
YARDS = [
    {"code": "TY", "name": "Toyama Export Yard", "country": "JP", "city": "Toyama", "port": "JPTOY",
     "address": "1-2 Shinminato, Imizu, Toyama 934-0000", "latitude": 36.76, "longitude": 137.09,
     "contact_name": "Kenji Sato", "phone": "+81 766-00-0000"},
    {"code": "YH", "name": "Yokohama Motors Yard", "country": "JP", "city": "Yokohama", "port": "JPYOK",
     "address": "Daikoku Pier, Tsurumi-ku, Yokohama 230-0054", "latitude": 35.46, "longitude": 139.68,
     "contact_name": "Aiko Tanaka", "phone": "+81 45-000-0000"},
    {"code": "HG", "name": "Horgos Auto Trade Zone", "country": "CN", "city": "Horgos", "port": "CNHRS",
     "address": "International Border Cooperation Center, Horgos, Xinjiang", "latitude": 44.21, "longitude": 80.41,
     "contact_name": "Li Wei", "phone": "+86 999-000-0000"},
]
BUYERS = [
    {"username": "buyer1", "name": "Vostok Auto Import LLC", "country": "RU", "city": "Vladivostok", "port": "RUVVO",
     "address": "Svetlanskaya 1, Vladivostok 690091"},
    {"username": "buyer2", "name": "Almaty Car Trading LLP", "country": "KZ", "city": "Almaty", "port": "KZALA",
     "address": "Abay Ave 10, Almaty 050000"},
]
# Staff-entered rates for currencies the ECB does not publish (illustrative values), dated the day seed_demo
# runs and valid for STAFF_RATE_VALID_DAYS: afterwards the admin's rate page asks for new ones.
STAFF_RATES = {"KZT": Decimal("585.00"), "KGS": Decimal("98.50"), "AED": Decimal("4.13"), "RUB": Decimal("93.50"),
               "KES": Decimal("145.00"), "TZS": Decimal("2900.00")}


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Refuses to run when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument("--no-photos", action="store_true", help="Skip drawing demo photos (faster).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Only on a database without the demo data yet (what `make run` does on every start).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: it creates users with a known password.")
        if options["if_empty"]:
            if User.objects.filter(username="admin").exists():
                renewed = self.staff_rates()  # a demo started again weeks later still quotes in RUB and KZT
                if renewed:
                    self.stdout.write(f"  demo staff rates renewed: {', '.join(renewed)}")
                return
            self.stdout.write("Loading the demo data (first run only)…")
        self.reference_data()
        yards = self.yards()
        self.users(yards)
        self.rules()
        created = self.vehicles(yards, photos=not options["no_photos"])
        self.screening()
        self.sanctions()
        self.stdout.write(f"  freight rates: {seed_freight()}, orders: {seed_orders()}")
        self.stdout.write(f"  shipments: {seed_shipments()}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new vehicles)."))

    def reference_data(self):
        if not Location.objects.exists():
            self.stdout.write(f"  places: {reference.load_locations()}")
        if not ExchangeRate.objects.filter(source=ExchangeRate.Source.ECB).exists():
            self.stdout.write(f"  ECB rates: {reference.load_ecb_rates()}")
        self.staff_rates()

    def staff_rates(self) -> list[str]:
        """Today's demo staff rate for each currency that has no current staff rate; returns those added."""
        today = dt.date.today()
        current = set(ExchangeRate.objects.filter(source=ExchangeRate.Source.STAFF, currency__in=STAFF_RATES,
                                                  valid_until__gte=today).values_list("currency", flat=True))
        valid_until = today + dt.timedelta(days=settings.STAFF_RATE_VALID_DAYS)
        added = []
        for currency, rate in STAFF_RATES.items():
            if currency in current:
                continue
            _rate, created = ExchangeRate.objects.get_or_create(
                currency=currency, date=today, source=ExchangeRate.Source.STAFF,
                defaults={"units_per_eur": rate, "valid_until": valid_until})
            if created:
                added.append(currency)
        return added

    @transaction.atomic
    def yards(self) -> dict[str, Yard]:
        yards = {}
        for spec in YARDS:
            spec = dict(spec)
            port = Location.objects.filter(code=spec.pop("port")).first()
            yard, _ = Yard.objects.update_or_create(code=spec.pop("code"), defaults={**spec, "nearest_port": port})
            yards[yard.code] = yard
        return yards

    @transaction.atomic
    def users(self, yards):
        def user(username, **fields):
            account, created = User.objects.get_or_create(username=username, defaults=fields)
            if created:
                account.set_password(DEMO_PASSWORD)
                account.save()
            return account

        user("admin", role=User.Role.STAFF, is_staff=True, is_superuser=True, email="admin@example.com")
        user("officer", role=User.Role.OFFICER, is_staff=True, email="officer@example.com", first_name="Olga")
        user("merchant1", role=User.Role.MERCHANT, yard=yards["TY"], email="merchant1@example.com")
        user("merchant2", role=User.Role.MERCHANT, yard=yards["YH"], email="merchant2@example.com")
        user("merchant3", role=User.Role.MERCHANT, yard=yards["HG"], email="merchant3@example.com")
        for spec in BUYERS:
            port = Location.objects.filter(code=spec["port"]).first()
            company, _ = BuyerCompany.objects.get_or_create(
                name=spec["name"], defaults={"country": spec["country"], "city": spec["city"],
                                             "address": spec["address"], "default_port": port,
                                             "consignee_name": spec["name"], "consignee_address": spec["address"],
                                             "approval_status": BuyerCompany.Approval.APPROVED})
            # No preferred currency: prices show in the buyer's country's currency (KZT in Almaty) while
            # it has a current rate, else in USD.
            user(spec["username"], role=User.Role.BUYER, buyer=company, email=f"{spec['username']}@example.com")

    def rules(self):
        rules_load_defaults()

    def vehicles(self, yards, *, photos: bool) -> int:
        merchants = {u.yard_id: u for u in User.objects.filter(role=User.Role.MERCHANT)}
        created = 0
        for code, count in VEHICLES_PER_YARD.items():
            yard = yards[code]
            records = demo_vehicles(code, yard.country, count, seed=sum(map(ord, code)))
            existing = set(Vehicle.objects.filter(yard=yard).values_list("chassis_no", flat=True))
            for index, record in enumerate(records):
                if record["chassis_no"] in existing:
                    continue
                status = Status.DRAFT if index % 15 == 7 else Status.AVAILABLE
                vehicle = services.vehicle_create(yard=yard, user=merchants.get(yard.pk), data=record, status=status)
                created += 1
                if photos:
                    self.photos(vehicle, merchants.get(yard.pk), count=3 if index < 6 else 1, seed=index)
        return created

    def screening(self):
        """Every demo vehicle gets its decisions now (set-based), so the badges show on the first page."""
        if not Vehicle.objects.exclude(status="withdrawn").filter(compliance_decisions__isnull=True).exists():
            return
        run = rescreen_request(reason="Demo data loaded", destinations=list(settings.BROKER_DESTINATIONS))
        run = rescreen_execute(run_id=run.pk) or run
        self.stdout.write(f"  screened {run.done} vehicle-destination pairs")

    def photos(self, vehicle, user, *, count: int, seed: int):
        for n in range(count):
            data = draw_car_photo(vehicle.make, vehicle.model, vehicle.color, seed * 7 + n, body=vehicle.body_type)
            upload = SimpleUploadedFile(f"{vehicle.stock_no}-{n}.jpg", data, content_type="image/jpeg")
            photo_process(photo_add(vehicle=vehicle, user=user, upload=upload, enqueue=False))

    def sanctions(self):
        """The OFAC and UN lists shipped in data/sanctions (demo/sanctions.py), once."""
        load_demo_sanctions(self.stdout)


