"""Who may open which page: every page URL of catalog, inventory, compliance, notifications, accounts, brokerage and
shipments x every role.

The table must name every URL of those apps, so a new page cannot be added without saying who may see it.
Pages are opened with GET (a POST-only page answers 405 once signed in). The car is a draft of one yard:
anyone who may not see it gets the same 404 as for a car that does not exist, never a 403 or a redirect.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from brokerage import services as brokerage_services
from compliance.models import RescreenRun, Rule, VehicleDecision
from compliance.services import rules_load_defaults, vehicles_check
from core.models import Location
from inventory.services import imports, photos
from inventory.services.imports import photo_archive
from tests.brokerage.factories import FreightRateFactory
from tests.factories import (
    BuyerFactory,
    MerchantFactory,
    OfficerFactory,
    StaffFactory,
    VehicleFactory,
    YardFactory,
)
from tests.inventory.imports.conftest import csv_bytes, real_vins, row
from tests.inventory.imports.conftest import upload as csv_upload
from tests.inventory.imports.test_photo_archives import zip_bytes
from tests.inventory.photos.conftest import jpeg_bytes
from tests.inventory.photos.conftest import upload as photo_upload
from tests.shipments.pages import SHIPMENT_MATRIX, shipment_args

ROLES = ("anonymous", "merchant", "other_merchant", "buyer", "officer", "staff")
APPS = ("catalog", "inventory", "compliance", "notifications", "accounts", "brokerage", "shipments")

# Expected status per role, in the order of ROLES.
OPEN = (200,) * 6
SIGNED_IN = (302, 200, 200, 200, 200, 200)
POST_ONLY = (302, 405, 405, 405, 405, 405)
OFFICERS = (302, 403, 403, 403, 200, 403)
THE_YARD = (302, 200, 404, 404, 200, 200)  # the car's yard, officers and staff; others as if it did not exist
BROKER_STAFF = (302, 403, 403, 403, 200, 200)  # officers are broker staff too
MATRIX = {
    "catalog:home": OPEN,
    "catalog:catalog": OPEN,
    "catalog:vehicle_detail": (404, 200, 404, 404, 200, 200),
    "inventory:my_stock": (302, 200, 200, 403, 200, 200),
    "inventory:my_stock_bulk": POST_ONLY,
    "inventory:vehicle_create": (302, 200, 200, 403, 403, 403),
    "inventory:vehicle_edit": THE_YARD,
    "inventory:vehicle_history": THE_YARD,
    "inventory:vehicle_status": POST_ONLY,
    "inventory:photo": (404, 200, 404, 404, 200, 200),
    "inventory:photo_manager": (302, 302, 404, 404, 302, 302),  # without htmx: back to the edit page
    "inventory:photo_upload": POST_ONLY,
    "inventory:photo_set_main": POST_ONLY,
    "inventory:photo_move": POST_ONLY,
    "inventory:photo_delete": POST_ONLY,
    "inventory:import_list": (302, 200, 200, 403, 200, 200),
    "inventory:import_template": OPEN,
    "inventory:import_detail": (302, 200, 404, 403, 200, 200),
    "inventory:import_report": (302, 200, 404, 403, 200, 200),
    "inventory:photo_archive_detail": (302, 200, 404, 403, 200, 200),
    "notifications:list": SIGNED_IN,
    "notifications:read": POST_ONLY,
    "compliance:dashboard": OFFICERS,
    "compliance:rule_list": OFFICERS,
    "compliance:rule_create": OFFICERS,
    "compliance:rule_detail": OFFICERS,
    "compliance:rule_edit": OFFICERS,
    "compliance:rule_end": (302, 403, 403, 403, 405, 403),
    "compliance:rule_builder": (302, 403, 403, 403, 405, 403),  # htmx posts the builder
    "compliance:run_detail": OFFICERS,
    "compliance:review_queue": OFFICERS,
    "compliance:review_detail": OFFICERS,
    "compliance:check_detail": THE_YARD,
    "compliance:vehicle_check": (302, 302, 404, 404, 302, 302),  # a redirect to the check, for who may see it
    "accounts:login": (200, 302, 302, 302, 302, 302),  # signed in: on to the home page
    "accounts:logout": (405,) * 6,  # signing out is a POST
    "accounts:register": OPEN,
    "accounts:register_done": OPEN,
    "accounts:register_ports": OPEN,
    "accounts:verify_resend": OPEN,
    "accounts:verify_email": (400,) * 6,  # a made-up link
    "accounts:password_reset": OPEN,
    "accounts:password_reset_done": OPEN,
    "accounts:password_reset_confirm": OPEN,  # a made-up link: the page says it does not work
    "accounts:password_reset_complete": OPEN,
    "accounts:buyer_approvals": BROKER_STAFF,
    "accounts:buyer_approve": (302, 403, 403, 403, 405, 405),
    "accounts:buyer_reject": (302, 403, 403, 403, 405, 405),
    "accounts:invitations": BROKER_STAFF,
    "accounts:invitation_accept": (400,) * 6,  # a made-up link
    "brokerage:order_list": SIGNED_IN,
    "brokerage:order": (302, 200, 404, 200, 200, 200),  # the buyer's own, merchants holding its stock, staff
    "brokerage:order_place": POST_ONLY,
    "brokerage:order_cancel": POST_ONLY,
    "brokerage:payment_record": POST_ONLY,
    "brokerage:proof_upload": POST_ONLY,
    "brokerage:proof-file": (302, 404, 404, 200, 200, 200),  # never a merchant: the buyer's bank receipt
    "brokerage:order_review": POST_ONLY,
    "brokerage:quote_create": POST_ONLY,
    "brokerage:quote": (302, 404, 404, 200, 200, 200),
    "brokerage:freight_list": (302, 403, 403, 403, 200, 200),
    "brokerage:freight_create": (302, 403, 403, 403, 200, 200),
    "brokerage:freight_edit": (302, 403, 403, 403, 200, 200),
    "brokerage:board": (302, 403, 403, 403, 200, 200),  # broker staff and officers
    "brokerage:board_cancel": (302, 403, 403, 403, 405, 405),
    "brokerage:board_ready": (302, 403, 403, 403, 405, 405),
    "brokerage:dashboard": (302, 403, 403, 403, 200, 200),
    **SHIPMENT_MATRIX,
    "compliance:screening_hits": OFFICERS,
    "compliance:screening_hit_decide": (302, 403, 403, 403, 405, 403),
    "compliance:party_history": OFFICERS,
    "compliance:sanction_lists": (302, 403, 403, 403, 200, 200),  # staff import lists too
}


def page_names() -> set[str]:
    names = set()
    resolver = get_resolver()
    for namespace in APPS:
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    return names


def test_the_matrix_names_every_page():
    assert set(MATRIX) == page_names()


@pytest.fixture
def world(db):
    rules_load_defaults()
    yard = YardFactory(code="TY", country="JP")
    merchant = MerchantFactory(yard=yard)
    car = VehicleFactory(yard=yard, status="draft", fuel="mild_hybrid", engine_cc=1500)  # RU: review
    photo = photos.photo_add(vehicle=car, user=merchant, upload=photo_upload(jpeg_bytes()))
    vehicles_check(vehicle_ids=[car.pk], destinations=["RU"])
    decision = VehicleDecision.objects.get(vehicle=car, destination="RU")
    job = imports.import_job_create(yard=yard, user=merchant,
                                    upload=csv_upload(csv_bytes([row(vin["vin"]) for vin in real_vins(1)])))
    archive = photo_archive.photo_archive_create(
        yard=yard, user=merchant, upload=SimpleUploadedFile("photos.zip", zip_bytes({"x.jpg": jpeg_bytes()}),
                                                            content_type="application/zip"))
    run = RescreenRun.objects.create(reason="matrix", destinations=["RU"], status="done", total=1, done=1)
    users = {"anonymous": None, "merchant": merchant, "other_merchant": MerchantFactory(yard=YardFactory(code="YH")),
             "buyer": BuyerFactory(), "officer": OfficerFactory(), "staff": StaffFactory()}
    rule = Rule.objects.order_by("code").first().code
    order, quote, proof, freight = brokerage_world(yard, users["buyer"])
    args = {
        "catalog:vehicle_detail": [car.pk], "inventory:vehicle_edit": [car.pk], "inventory:vehicle_history": [car.pk],
        "inventory:vehicle_status": [car.pk], "inventory:photo": [photo.pk, "web"],
        "inventory:photo_manager": [car.pk], "inventory:photo_upload": [car.pk],
        "inventory:photo_set_main": [car.pk, photo.pk], "inventory:photo_move": [car.pk, photo.pk],
        "inventory:photo_delete": [car.pk, photo.pk], "inventory:import_detail": [job.pk],
        "inventory:import_report": [job.pk], "inventory:photo_archive_detail": [archive.pk], "compliance:rule_detail": [rule], "compliance:rule_edit": [rule],
        "compliance:rule_end": [rule], "compliance:run_detail": [run.pk], "compliance:review_detail": [decision.pk],
        "compliance:check_detail": [decision.check_record_id], "compliance:vehicle_check": [car.pk, "RU"],
        "accounts:verify_email": ["MQ", "made-up-token"], "accounts:password_reset_confirm": ["MQ", "made-up-token"],
        "accounts:buyer_approve": [users["buyer"].buyer_id], "accounts:buyer_reject": [users["buyer"].buyer_id],
        "accounts:invitation_accept": ["made-up:token"],
        **{f"brokerage:{name}": [order.pk] for name in ("order", "order_cancel", "payment_record", "proof_upload",
                                                        "order_review")},
        "brokerage:proof-file": [order.pk, proof.pk], "brokerage:quote": [quote.pk],
        "brokerage:freight_edit": [freight.pk],
        "brokerage:board_cancel": [order.pk], "brokerage:board_ready": [order.pk],
        **shipment_args(users, yard),
        "compliance:screening_hit_decide": [1], "compliance:party_history": [users["buyer"].buyer_id],
    }
    yield {"users": users, "args": args, "car": car}
    for file in (photo.original, photo.web, photo.thumbnail, job.file, archive.file, proof.file):
        file.storage.delete(file.name)


def brokerage_world(yard, buyer):
    """An order of ``buyer`` holding a car of ``yard`` (shipped from JPTOY), its quote and a payment proof."""
    yard.nearest_port = Location.objects.get(code="JPTOY")
    yard.save()
    freight = FreightRateFactory()
    sold = VehicleFactory(yard=yard, engine_cc=1500)
    quote = brokerage_services.quote_create(user=buyer, request=brokerage_services.QuoteRequest(
        buyer=buyer.buyer, vehicle_ids=[sold.pk], destination_port="RUVVO", terms="CIF", currency="USD"))
    order = brokerage_services.order_place(user=buyer, buyer=buyer.buyer, vehicle_ids=[sold.pk],
                                           destination_port="RUVVO", terms="CIF", currency="USD")
    proof = brokerage_services.proof_upload(order=order, by=buyer, upload=SimpleUploadedFile(
        "receipt.png", jpeg_bytes(), content_type="image/jpeg"))
    return order, quote, proof, freight


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_matrix_says(world, role):
    client = client_as(world["users"][role])
    wrong = {}
    for name, expected in MATRIX.items():
        url = reverse(name, args=world["args"].get(name, []))
        response = client.get(url)
        if response.status_code != expected[ROLES.index(role)]:
            wrong[url] = (response.status_code, expected[ROLES.index(role)])
        elif role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url
    assert not wrong, f"{role}: {{url: (got, expected)}} = {wrong}"


@pytest.mark.parametrize("role", ROLES[1:])
def test_a_car_one_may_not_see_answers_like_a_missing_one_on_the_compliance_page(world, role):
    """No existence oracle: the vehicle check page's answer for a draft of another yard is a missing car's."""
    client = client_as(world["users"][role])
    missing = client.get(reverse("compliance:vehicle_check", args=[world["car"].pk + 10_000, "RU"]))
    other_destination = client.get(reverse("compliance:vehicle_check", args=[world["car"].pk, "GE"]))
    assert missing.status_code == other_destination.status_code == 404


def test_signing_in_is_required_before_anything_is_said_about_a_car(world):
    client = Client()
    for vehicle_id in (world["car"].pk, world["car"].pk + 10_000):
        response = client.get(reverse("compliance:vehicle_check", args=[vehicle_id, "RU"]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
