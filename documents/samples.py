"""A full example context for every paper kind: the shape of ``documents.registry`` as living data.

Used by the tests, the benchmark and anyone writing a context builder (brokerage, shipments): render
``sample_context("commercial_invoice")`` to see every field of the paper filled.
"""

from __future__ import annotations

import datetime as dt

NO_RE_EXPORT = ("The buyer shall not sell, re-export or transfer the goods, directly or indirectly, to any country, "
                "person or end use prohibited by the export control and sanctions laws of Japan, the United Nations, "
                "the European Union or the United States, and shall pass this obligation on to any later buyer.")

_VEHICLES = [
    ("Toyota", "Prius", "S Touring Selection", "ZVW50", 2019, "2019-03", "ZVW50-8123456", 1797, "hybrid",
     "white pearl", "48,200 km", "1 380 kg", "4.58 × 1.76 × 1.47 m", "11.8 m³", "8703.40"),
    ("Honda", "Vezel", "e:HEV Z", "RV5", 2021, "2021-11", "RV5-1012345", 1496, "hybrid", "silver", "22,400 km",
     "1 380 kg", "4.33 × 1.79 × 1.59 m", "12.3 m³", "8703.40"),
    ("Toyota", "Corolla Fielder", "Hybrid WxB", "NKE165G", 2020, "2020-06", "NKE165-7045678", 1496, "hybrid",
     "black", "31,050 km", "1 190 kg", "4.40 × 1.70 × 1.51 m", "11.3 m³", "8703.40"),
]


def _lines(count: int = 3) -> list[dict]:
    lines = []
    for index in range(count):
        (make, model, grade, code, year, first, chassis, cc, fuel, color, mileage, weight, dims, volume,
         hs) = _VEHICLES[index % len(_VEHICLES)]
        fob = 21_500 + index * 1_750
        lines.append({
            "no": index + 1, "stock_no": f"TY-{100231 + index:06d}", "make": make, "model": model, "grade": grade,
            "model_code": code, "year": year, "first_registration": first, "chassis_no": chassis, "engine_cc": cc,
            "fuel": fuel, "color": color, "mileage": mileage, "steering": "RHD", "transmission": "automatic",
            "seats": 5, "weight": weight, "dimensions": dims, "volume": volume, "hs_code": hs,
            "packages": "1 unit, RoRo, unpacked", "fob": f"USD {fob:,.2f}", "freight": "USD 1,450.00",
            "insurance": "USD 96.00", "fee": "USD 350.00", "total": f"USD {fob + 1_896:,.2f}", "decision": "clear",
        })
    return lines


def sample_context(kind: str = "proforma_invoice", *, lines: int = 3, buyer_name: str = "Vostok Auto LLC",
                   consignee_name: str = "", notify_name: str = "") -> dict:
    """Plain data in the registry's shape; names may be given in any script (Cyrillic, kana, hanzi)."""
    items = _lines(lines)
    fob = sum(21_500 + index * 1_750 for index in range(lines))
    total = fob + 1_896 * lines
    buyer = {"name": buyer_name, "address": "ul. Svetlanskaya 72, office 14\n690091 Vladivostok", "country": "Russia",
             "phone": "+7 423 222 33 44", "email": "import@vostok-auto.example", "tax_id": "INN 2540123456"}
    context = {
        "buyer": buyer,
        "consignee": {**buyer, "name": consignee_name or buyer_name},
        "notify_party": {"name": notify_name or "Same as consignee", "phone": "+7 423 222 33 45"},
        "date": dt.date(2026, 11, 29),
        "valid_until": dt.date(2026, 12, 6),
        "reference": "O-2026-00042",
        "currency": "USD",
        "terms": "CIF",
        "terms_place": "Vladivostok",
        "port_of_loading": "Toyama (JPTOY)",
        "port_of_discharge": "Vladivostok (RUVVO)",
        "final_destination": "Vladivostok, Russia",
        "lines": items,
        "totals": {"fob": f"USD {fob:,.2f}", "freight": f"USD {1_450 * lines:,.2f}",
                   "insurance": f"USD {96 * lines:,.2f}", "fee": f"USD {350 * lines:,.2f}",
                   "total": f"USD {total:,.2f}", "deposit": f"USD {total * 0.3:,.2f}",
                   "balance": f"USD {total * 0.7:,.2f}", "units": str(lines), "gross_weight": "3 950 kg",
                   "volume": "35.4 m³"},
        "payment": {"terms": "30% deposit by T/T within 3 business days; balance before shipment.",
                    "due": dt.date(2026, 12, 2), "deposit": f"USD {total * 0.3:,.2f}",
                    "balance": f"USD {total * 0.7:,.2f}", "reference": "O-2026-00042"},
        "rates": [{"from": "JPY", "to": "USD", "rate": "0.006712", "date": dt.date(2026, 11, 27), "source": "ECB"}],
        "clauses": [
            "Price: the total above is the price of the goods delivered CIF Vladivostok (Incoterms® 2020).",
            "Payment: by bank transfer (T/T) to the seller's account printed on this paper only.",
            "Delivery: shipment within 30 days of full payment, by RoRo or container at the seller's choice.",
            NO_RE_EXPORT,
            "Governing law: the laws of Japan; disputes go to the Tokyo District Court.",
        ],
        "signatory": {"name": "Kenji Sato", "title": "Export Manager"},
    }
    if kind == "proforma_invoice":
        context["clauses"] = [context["clauses"][0], "This proforma invoice is valid until the date above; the "
                              "vehicles are reserved for the buyer until then.", NO_RE_EXPORT]
    elif kind != "sales_contract":
        del context["clauses"]
    if kind in ("commercial_invoice", "packing_list"):
        context.update({"vessel": "Trans Future 5", "voyage": "TF5-2611", "bl_number": "TFJP2611-0042",
                        "shipment_number": "S-2026-00017",
                        "declaration": "We certify that this invoice is true and correct and that the origin of the "
                                       "goods is Japan."})
    if kind == "compliance_certificate":
        context.update({
            "decision": "clear", "destination": "RU", "route": "JP → RU", "as_of": dt.date(2026, 11, 29),
            "rules_version": "ru-2026.11.3",
            "findings": [
                {"vehicle": items[0]["chassis_no"], "rule": "JP-EXPORT-LUXURY", "effect": "info",
                 "message": "Engine 1 797 cc, not above 1 900 cc: not on the list of goods banned for export "
                            "to Russia.",
                 "citation": "Export Trade Control Order (Japan), Appended Table 2-2, luxury goods; METI notice of "
                             "28 July 2023", "decision": "clear"},
                {"vehicle": items[1]["chassis_no"], "rule": "RU-AGE-CUSTOMS", "effect": "require",
                 "message": "3 to 5 years old: the customs rate for this age applies; attach the inspection record.",
                 "citation": "EAEU Council Decision No. 107 (2016), Annex 2", "decision": "clear"},
            ],
        })
    return context
