"""Payments and proofs: staff record T/Ts in the order's currency (deposit → deposit paid, all → paid),
overpayment and currency mismatch refused; buyers upload receipts judged by content, served privately."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from brokerage.models import OrderStatus, Payment, PaymentProof
from core.money import round_money
from tests.brokerage.test_order_states import place
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def pay(staff, order, amount, currency="USD", **extra):
    body = {"amount": {"amount": str(amount), "currency": currency}, "paid_on": dt.date.today().isoformat(),
            "reference": "TT-1", **extra}
    return client_for(staff).post(f"/api/v1/orders/{order.pk}/payments/", body, format="json")


def test_the_deposit_then_the_balance_move_the_order_on(buyer1, staff, car, rules):
    order = place(buyer1, car)
    deposit = round_money(order.total / 2, "USD")
    response = pay(staff, order, deposit)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "deposit_paid" and data["paid"]["amount"] == f"{deposit:f}"
    assert data["balance_due"]["amount"] == f"{order.total - deposit:f}"
    assert pay(staff, order, order.total - deposit).json()["status"] == "paid"
    assert [e["kind"] for e in client_for(buyer1).get(f"/api/v1/orders/{order.pk}/").json()["events"]].count(
        "payment") == 2


def test_a_small_payment_keeps_the_reservation(buyer1, staff, car, rules):
    order = place(buyer1, car)
    data = pay(staff, order, "100.00").json()
    assert data["status"] == "reserved" and data["reserved_until"]


def test_overpayment_and_another_currency_are_refused_clearly(buyer1, staff, car, rules):
    order = place(buyer1, car)
    over = pay(staff, order, order.total + 1)
    assert over.status_code == 400 and over.json()["code"] == "overpayment"
    assert f"{order.total}" in over.json()["detail"]
    other = pay(staff, order, "100", currency="JPY")
    assert other.status_code == 400 and other.json()["code"] == "currency_mismatch"
    assert not Payment.objects.exists()


@pytest.mark.parametrize("paid_on", ["0001-01-01", "2020-01-31"])
def test_a_payment_dated_long_before_the_order_is_refused(buyer1, staff, car, rules, paid_on):
    order = place(buyer1, car)
    response = pay(staff, order, order.total, paid_on=paid_on)
    assert response.status_code == 400, response.content
    assert "paid_on" in response.json()["errors"]
    order.refresh_from_db()
    assert order.paid == 0 and not Payment.objects.filter(order=order).exists()
    early = (dt.date.today() - dt.timedelta(days=5)).isoformat()  # an advance a few days ahead is fine
    assert pay(staff, order, order.total, paid_on=early).status_code == 201


def test_only_staff_record_payments(buyer1, merchant, car, rules):
    order = place(buyer1, car)
    assert pay(buyer1, order, "100").status_code == 403
    assert pay(merchant, order, "100").status_code == 403


def test_payments_are_append_only(buyer1, staff, car, rules):
    order = place(buyer1, car)
    pay(staff, order, "100")
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.update(amount=1)


def upload(user, order, name, data, content_type="application/octet-stream"):
    return client_for(user).post(f"/api/v1/orders/{order.pk}/proofs/",
                                 {"file": SimpleUploadedFile(name, data, content_type=content_type)},
                                 format="multipart")


def test_a_buyer_uploads_a_receipt_and_staff_match_it_to_a_payment(buyer1, staff, car, rules):
    order = place(buyer1, car)
    response = upload(buyer1, order, "receipt.pdf", PDF)
    assert response.status_code == 201, response.content
    proof = PaymentProof.objects.get()
    assert proof.content_type == "application/pdf" and proof.status == "received"
    assert "payment-proofs/" in proof.file.name and "receipt" not in proof.file.name
    assert upload(buyer1, order, "photo.png", png()).status_code == 201
    pay(staff, order, "100", proof=proof.pk)
    proof.refresh_from_db()
    assert proof.status == "accepted"


@pytest.mark.parametrize("name,data", [
    ("receipt.pdf", b"MZ\x90\x00 this is an exe"),
    ("receipt.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
    ("receipt.pdf", b"%PDF-1.4 truncated"),
    ("receipt.pdf", b"%PDF-1.4\n/JavaScript (app.alert(1))\n%%EOF"),
    ("empty.pdf", b""),
])
def test_bad_files_are_refused_by_content(buyer1, car, rules, name, data):
    order = place(buyer1, car)
    response = upload(buyer1, order, name, data, content_type="application/pdf")
    assert response.status_code == 400
    assert not PaymentProof.objects.exists()


def test_a_proof_is_served_to_its_buyer_and_staff_only(buyer1, buyer2, staff, merchant, car, rules, client):
    order = place(buyer1, car)
    upload(buyer1, order, "receipt.pdf", PDF)
    proof = PaymentProof.objects.get()
    url = f"/orders/{order.pk}/proofs/{proof.pk}/"
    for user, expected in ((buyer1, 200), (staff, 200), (buyer2, 404), (merchant, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user
        if expected == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_a_cancelled_order_takes_no_payment_nor_proof(buyer1, staff, car, rules):
    order = place(buyer1, car)
    client_for(buyer1).post(f"/api/v1/orders/{order.pk}/cancel/", {"note": "no"}, format="json")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert pay(staff, order, "100").json()["code"] == "not_payable"
    assert upload(buyer1, order, "receipt.pdf", PDF).status_code == 400
