"""The buyer's pages as a browser submits them: the quote box on the vehicle page, the quote, the order with its
countdown, bank account and proof upload; staff record a payment and cancel; officers decide the sale review."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from brokerage import services
from brokerage.models import Order, OrderStatus
from core.models import ExchangeRate
from core.money import round_money
from tests.brokerage.test_order_states import place
from tests.brokerage.test_payments import PDF
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_quote_box_leads_to_a_quote_and_an_order(client, buyer1, car, rules):
    signed_in(client, buyer1)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    assert 'id="quote-box"' in page and "RUVVO" in page
    data = form_data(page, having="destination_port")
    assert data["destination_port"] == "RUVVO"  # the buyer's default port is preselected
    data["currency"] = "USD"
    response = client.post("/orders/quotes/", data)
    assert response.status_code == 302
    quote_page = client.get(response.url).content.decode()
    assert 'data-line="freight"' in quote_page and "1 EUR =" in quote_page
    assert 'data-estimate="recycling_fee"' in quote_page
    response = client.post("/orders/place/", form_data(quote_page, having="quote"))
    assert response.status_code == 302
    order = Order.objects.get()
    order_page = client.get(response.url).content.decode()
    assert order.number in order_page and "data-countdown=" in order_page
    assert "Test Bank" in order_page and "pay no other account" in order_page
    assert "<script>" not in order_page and "static/js/orders.js" in order_page.replace("%2F", "/")


def test_a_second_buyer_on_the_same_car_is_told_it_is_reserved(client, buyer1, buyer2, car, rules):
    signed_in(client, buyer1)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    quote_page = client.get(client.post("/orders/quotes/", {**form_data(page, having="destination_port"),
                                                            "currency": "USD"}).url).content.decode()
    signed_in(client, buyer2)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    other = client.get(client.post("/orders/quotes/", {**form_data(page, having="destination_port"),
                                                       "destination_port": "KZALA", "currency": "USD"}).url)
    other_page = other.content.decode()
    signed_in(client, buyer1)
    client.post("/orders/place/", form_data(quote_page, having="quote"))
    signed_in(client, buyer2)
    response = client.post("/orders/place/", form_data(other_page, having="quote"), follow=True)
    assert "Already reserved by another order" in response.content.decode()
    assert car.stock_no in response.content.decode()
    assert "reserved by another buyer" in client.get(f"/stock/catalog/{car.pk}/").content.decode()


def test_a_buyer_uploads_a_receipt_and_staff_record_deposit_and_balance(client, buyer1, staff, car, rules):
    signed_in(client, buyer1)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    quote_page = client.get(client.post("/orders/quotes/", {**form_data(page, having="destination_port"),
                                                            "currency": "USD"}).url).content.decode()
    order_url = client.post("/orders/place/", form_data(quote_page, having="quote")).url
    order = Order.objects.get()
    data = form_data(client.get(order_url).content.decode(), having="note")
    bad = client.post(f"/orders/{order.pk}/proofs/", {**data, "file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert bad.status_code == 400 and "PDF, JPEG, PNG or WebP" in bad.content.decode()
    good = client.post(f"/orders/{order.pk}/proofs/", {**data, "file": SimpleUploadedFile("tt.pdf", PDF)})
    assert good.status_code == 302

    assert "Upload your T/T receipt" in client.get(order_url).content.decode()
    signed_in(client, staff)
    page = client.get(order_url).content.decode()
    # staff may upload a receipt the buyer e-mailed, but the page does not address them as the buyer
    assert "Upload your T/T receipt" not in page and "Upload the T/T receipt the buyer sent us" in page
    payment = form_data(page, having="reference")
    assert payment["currency"] == "USD" and payment["amount"] == f"{round_money(order.total / 2, 'USD')}"
    payment.update(reference="TT-0001", proof=str(order.proofs.get().pk))
    assert client.post(f"/orders/{order.pk}/payments/", payment).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DEPOSIT_PAID
    payment = form_data(client.get(order_url).content.decode(), having="reference")
    payment.update(reference="TT-0002", amount=str(order.balance_due + 1))
    refused = client.post(f"/orders/{order.pk}/payments/", payment)
    assert refused.status_code == 400 and "Overpayment" in refused.content.decode()
    payment.update(amount=str(order.balance_due), paid_on=dt.date.today().isoformat())
    client.post(f"/orders/{order.pk}/payments/", payment)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    signed_in(client, buyer1)
    timeline = client.get(order_url).content.decode()
    for step in ("reserved", "deposit_paid", "paid"):
        assert f'data-to="{step}"' in timeline
    assert timeline.count('data-kind="payment"') == 2 and 'data-kind="proof"' in timeline


def test_an_officer_decides_the_sale_review_on_the_order_page(client, buyer2, officer, car, rules):
    signed_in(client, buyer2)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    assert 'class="badge badge-review"' not in page  # no house-policy "?" in the catalog
    data = {**form_data(page, having="destination_port"), "destination_port": "KZALA", "currency": "USD"}
    quote_page = client.get(client.post("/orders/quotes/", data).url).content.decode()
    assert "an officer must review the buyer" in quote_page
    order_url = client.post("/orders/place/", form_data(quote_page, having="quote")).url
    assert "must review this sale" in client.get(order_url).content.decode()
    signed_in(client, officer)
    review = form_data(client.get(order_url).content.decode(), having="outcome")
    review.update(outcome="approve", reason="Dealer known to us; clause signed")
    assert client.post(order_url + "review/", review).status_code == 302
    assert Order.objects.get().review_state == "approved"


def test_staff_edit_the_freight_table(client, staff, freight):
    signed_in(client, staff)
    page = client.get("/orders/freight/").content.decode()
    assert "JPTOY" in page and "RUVVO" in page
    data = form_data(client.get(f"/orders/freight/{freight['RUVVO'].pk}/").content.decode(), having="amount")
    data["amount"] = "45.50"
    assert client.post(f"/orders/freight/{freight['RUVVO'].pk}/", data).status_code == 302
    freight["RUVVO"].refresh_from_db()
    assert str(freight["RUVVO"].amount) == "45.50"
    data = form_data(client.get("/orders/freight/new/").content.decode(), having="amount")
    data.update(origin="JPTOY", destination="RUVVO", mode="roro", amount="40", currency="usd",
                valid_from="2020-01-01")
    duplicate = client.post("/orders/freight/new/", data)
    assert duplicate.status_code == 400


def test_the_timeline_reads_status_labels_not_codes(client, buyer1, staff, car, rules):
    order = place(buyer1, car)
    services.payment_record(order=order, by=staff, amount=order.total, currency="USD", paid_on=dt.date.today(),
                            reference="TT-1")
    signed_in(client, buyer1)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    events = page[page.index('id="events"'):]
    events = events[:events.index("</ul>")]
    assert "<strong>Paid</strong>" in events and "Reserved →" in events
    assert "reserved →" not in events and "<strong>paid</strong>" not in events
    client.cookies["django_language"] = "ru"
    russian = client.get(f"/orders/{order.pk}/").content.decode()
    assert "<strong>Оплачено</strong>" in russian
    # the notes the system wrote read in the reader's language too; the stored text stays English (the API's)
    event = order.events.get(to_status="paid")
    assert event.note == "payment TT-1" and event.data["note_key"] == "payment"
    assert "платёж TT-1" in russian
    assert "payment TT-1" not in russian


def test_my_orders_counts_down_each_reservation(client, buyer1, car, rules):
    order = place(buyer1, car)
    signed_in(client, buyer1)
    page = client.get("/orders/").content.decode()
    assert order.status == "reserved" and "data-countdown=" in page
    assert "js/orders.js" in page
    assert 'data-label="Balance due"' in page  # a phone shows each value under its label


def test_the_quote_names_its_rate_sources_in_the_readers_language(client, buyer1, car, rules):
    """The quote printed the stored codes in capitals: "(ECB 2025-05-09)", "(STAFF …)"."""
    ExchangeRate.objects.create(date=dt.date.today(), currency="RUB", units_per_eur=Decimal("93.5"), source="staff")
    signed_in(client, buyer1)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    url = client.post("/orders/quotes/", {**form_data(page, having="destination_port"), "currency": "RUB"}).url
    rates = client.get(url).content.decode().split('class="muted rates-used"')[1].split("</p>")[0]
    assert "(ECB reference rate, " in rates and "(broker&#x27;s rate, " in rates
    assert "(ECB 2" not in rates and "STAFF" not in rates
    client.cookies["django_language"] = "ru"
    russian = client.get(url).content.decode().split('class="muted rates-used"')[1].split("</p>")[0]
    assert "(справочный курс ЕЦБ, " in russian and "(курс брокера, " in russian


def test_the_landed_cost_estimate_gives_its_source_date_once(client, buyer1, car, rules):
    """The recycling fee's source ends on its date: the quote printed "... from 2025-12-01, 2025-12-01"."""
    signed_in(client, buyer1)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    quote_page = client.get(client.post("/orders/quotes/", form_data(page, having="destination_port")).url)
    fee = quote_page.content.decode().split('data-estimate="recycling_fee"')[1].split("</li>")[0]
    assert "Government Decree 1291" in fee and fee.count("2025-12-01") == 1
    duty = quote_page.content.decode().split('data-estimate="import_duty"')[1].split("</li>")[0]
    assert "eng.customs.ru" in duty and "2024-01-01" in duty


def test_the_quotes_findings_name_their_effect_in_the_readers_language(client, buyer2, car, rules):
    """The quote showed the stored effect codes ("review", "block"); Almaty's sale asks for a review."""
    signed_in(client, buyer2)
    page = client.get(f"/stock/catalog/{car.pk}/").content.decode()
    url = client.post("/orders/quotes/", form_data(page, having="destination_port")).url
    findings = client.get(url).content.decode().split('class="findings"')[1].split("</ul>")[0]
    assert ">Review</span>" in findings and ">review</span>" not in findings
    client.cookies["django_language"] = "ru"
    russian = client.get(url).content.decode().split('class="findings"')[1].split("</ul>")[0]
    assert ">review</span>" not in russian and ">Review</span>" not in russian
