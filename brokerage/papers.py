"""The order's papers: context builders for the proforma invoice and the sales contract (registered with
``documents.registry`` in ``BrokerageConfig.ready``), asking for them as the order moves, and listing them.

The builders return plain data in the shape ``documents.registry`` documents; shipments reuses
``order_parties``, ``order_lines`` and ``order_totals`` for the shipping papers of the same order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brokerage.models import Order, OrderStatus
from core.money import round_money
from core.templatetags.l10n_extras import money
from documents import registry
from documents.selectors import documents_latest
from documents.services import document_request

ORDER_KINDS = ("proforma_invoice", "sales_contract")
# The language a buyer's papers are written in, by the buyer's country (English elsewhere; every paper also
# carries English labels, see templates/papers).
PAPER_LANGUAGES = {"RU": "ru", "KZ": "ru", "KG": "ru", "BY": "ru", "AM": "ru", "TJ": "ru", "UZ": "ru", "MN": "ru",
                   "JP": "ja", "CN": "zh-hans", "TW": "zh-hans", "HK": "zh-hans", "SG": "zh-hans"}


def order_paper_language(order: Order) -> str:
    return PAPER_LANGUAGES.get(order.buyer.country, "en")


def _money(amount, currency: str) -> str:
    return money(round_money(Decimal(amount), currency), currency)


def order_parties(order: Order) -> dict:
    buyer = order.buyer
    party = {"name": buyer.name, "address": buyer.address or buyer.city, "country": buyer.country}
    consignee = {"name": buyer.consignee_name or buyer.name, "address": buyer.consignee_address or party["address"],
                 "phone": buyer.consignee_phone}
    data = {"buyer": party, "consignee": consignee}
    if buyer.notify_party:
        data["notify_party"] = buyer.notify_party
    return data


def _dimensions(vehicle) -> tuple[str, str]:
    if not (vehicle.length_mm and vehicle.width_mm and vehicle.height_mm):
        return "", ""
    length, width, height = (Decimal(v) / 1000 for v in (vehicle.length_mm, vehicle.width_mm, vehicle.height_mm))
    return f"{length:.2f} × {width:.2f} × {height:.2f} m", f"{length * width * height:.1f} m³"


def order_lines(order: Order) -> list[dict]:
    """One line per ordered vehicle: the description papers print and the prices in the order's currency."""
    lines = []
    for number, line in enumerate(order.lines.select_related("vehicle").order_by("id"), start=1):
        vehicle = line.vehicle
        dimensions, volume = _dimensions(vehicle)
        fob = line.price + line.inland + line.fee
        lines.append({
            "no": number, "stock_no": vehicle.stock_no, "make": vehicle.make, "model": vehicle.model,
            "grade": vehicle.grade, "model_code": vehicle.model_code, "year": vehicle.year,
            "first_registration": vehicle.first_registration.strftime("%Y-%m") if vehicle.first_registration else "",
            "chassis_no": vehicle.chassis_no, "engine_cc": vehicle.engine_cc, "fuel": vehicle.get_fuel_display(),
            "color": vehicle.color, "mileage": f"{vehicle.mileage_km:,} km".replace(",", " "),
            "steering": vehicle.get_steering_display(), "transmission": vehicle.get_transmission_display(),
            "seats": vehicle.seats, "weight": f"{vehicle.gross_weight_kg} kg" if vehicle.gross_weight_kg else "",
            "dimensions": dimensions, "volume": volume, "hs_code": "8703",
            "fob": _money(fob, order.currency), "freight": _money(line.freight, order.currency),
            "insurance": _money(line.insurance, order.currency), "fee": _money(line.fee, order.currency),
            "total": _money(line.total, order.currency),
        })
    return lines


def order_totals(order: Order) -> dict:
    rows = list(order.lines.all())
    deposit = round_money(order.total * order.deposit_share, order.currency)
    return {
        "fob": _money(sum((r.price + r.inland + r.fee for r in rows), Decimal(0)), order.currency),
        "freight": _money(sum((r.freight for r in rows), Decimal(0)), order.currency),
        "insurance": _money(sum((r.insurance for r in rows), Decimal(0)), order.currency),
        "total": _money(order.total, order.currency), "deposit": _money(deposit, order.currency),
        "paid": _money(order.paid, order.currency), "balance": _money(order.balance_due, order.currency),
        "units": str(len(rows)),
    }


def _rate_date(value):
    """The order keeps a rate's date as ISO text; the paper's ``|date`` filter needs a date (else it prints nothing)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None


def _rates(order: Order) -> list[dict]:
    return [{"from": r.get("from", ""), "to": r.get("to", ""), "rate": r.get("rate", ""),
             "date": _rate_date(r.get("date", "")), "source": r.get("source", "")}
            for r in order.rates or [] if isinstance(r, dict)]


def order_common(order: Order) -> dict:
    """What every paper of an order carries: parties, reference, terms, ports, lines, totals and rates."""
    port = order.destination_port
    origin = order.lines.select_related("vehicle__yard__nearest_port").first()
    loading = origin.vehicle.yard.nearest_port if origin else None
    return {
        **order_parties(order), "reference": order.number, "currency": order.currency, "terms": order.terms,
        "terms_place": port.name, "port_of_discharge": f"{port.name} ({port.code})",
        "port_of_loading": f"{loading.name} ({loading.code})" if loading else "",
        "final_destination": ", ".join([port.name, *order.route[-1:]]) if order.route else port.name,
        "lines": order_lines(order), "totals": order_totals(order), "rates": _rates(order),
        "bank_warning": _("Pay only to the account on this paper: we never change bank details by e-mail or "
                          "telephone."),
    }


def _payment(order: Order) -> dict:
    deposit = round_money(order.total * order.deposit_share, order.currency)
    share = int((order.deposit_share * 100).to_integral_value())
    data = {"terms": _("%(share)s%% deposit by T/T; the balance before shipment.") % {"share": share},
            "deposit": _money(deposit, order.currency), "balance": _money(order.total - deposit, order.currency),
            "reference": _("Write %(number)s on the transfer.") % {"number": order.number}}
    if order.reserved_until:
        data["due"] = timezone.localdate(order.reserved_until)
    return data


def proforma_context(order: Order) -> dict:
    data = order_common(order)
    data["payment"] = _payment(order)
    if order.reserved_until:
        data["valid_until"] = timezone.localdate(order.reserved_until)
    return data


def contract_clauses(order: Order) -> list[str]:
    """The contract's clauses: the standing ones, then those the order's compliance findings require."""
    clauses = [
        _("Price: the total above is the price of the goods delivered %(terms)s %(place)s (Incoterms 2020).")
        % {"terms": order.terms, "place": order.destination_port.name},
        _("Payment: by bank transfer (T/T) only to the seller's account printed on this paper. The seller never "
          "changes its bank details by e-mail or telephone; confirm any such request by calling the seller."),
        _("Delivery: shipment within 30 days of full payment, by RoRo vessel or container at the seller's choice."),
    ]
    findings = list(order.review_findings or [])
    if findings:  # the sale needed the officer's review (house policy): the contract carries the clause
        clauses.append(_(
            "No re-export: the buyer shall not sell, re-export or transfer the goods, directly or indirectly, to "
            "any country, person or end use prohibited by the export control and sanctions laws of Japan, the "
            "United Nations, the European Union or the United States (in particular to the Russian Federation "
            "where such laws forbid it), and shall pass this obligation on to any later buyer."))
    for item in findings:
        if item.get("requirement"):
            clauses.append(_("Compliance requirement (%(rule)s): %(text)s")
                           % {"rule": item.get("rule", ""), "text": item["requirement"]})
    clauses.append(_("Governing law: the laws of Japan; disputes go to the Tokyo District Court."))
    return clauses


def contract_context(order: Order) -> dict:
    data = order_common(order)
    data["payment"] = _payment(order)
    data["clauses"] = contract_clauses(order)
    return data


def register_papers() -> None:
    registry.register("proforma_invoice", series=registry.KINDS["proforma_invoice"],
                      template="papers/proforma_invoice.html", context=proforma_context,
                      title=registry.TITLES["proforma_invoice"])
    registry.register("sales_contract", series=registry.KINDS["sales_contract"],
                      template="papers/sales_contract.html", context=contract_context,
                      title=registry.TITLES["sales_contract"])


# --- asking for papers as the order moves, and listing them -----------------------------------------------------

def order_papers_owed(order: Order, *, to: str, by=None) -> None:
    """In the caller's transaction: the proforma when the order is placed, the contract once the deposit is in."""
    if to == OrderStatus.RESERVED:
        document_request(owner=order, kind="proforma_invoice", by=by, language=order_paper_language(order))
    elif to in (OrderStatus.DEPOSIT_PAID, OrderStatus.PAID):
        document_request(owner=order, kind="sales_contract", by=by, language=order_paper_language(order))


def order_document_url(order: Order, document) -> str:
    return reverse("brokerage:order_document", args=[order.pk, document.pk])


def order_documents_data(order: Order, documents: list | None = None) -> list[dict]:
    """The order API's ``documents``: the latest version of each paper, ``url`` set once it can be served.
    ``documents``: those papers when a list already read them for a whole page (``documents_latest_many``)."""
    if documents is None:
        documents = documents_latest(order)
    return [{"id": document.pk, "kind": document.kind, "status": document.status, "number": document.number,
             "title": str(registry.TITLES.get(document.kind, document.kind)),
             "url": order_document_url(order, document) if document.status == "ready" else None}
            for document in documents]

