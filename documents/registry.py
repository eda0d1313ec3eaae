"""Which papers exist: each upper app registers the kinds it owns, so ``documents`` imports none of them.

In the owner app's ``AppConfig.ready()``::

    from documents import registry
    registry.register("proforma_invoice", series=registry.KINDS["proforma_invoice"],
                      template="papers/proforma_invoice.html", context=proforma_context,
                      title=registry.TITLES["proforma_invoice"])

Then, in the owner's transaction, ``documents.services.document_request(owner=order, kind="proforma_invoice",
by=user, language=buyer_language)``; to serve it, the owner app's view checks who asks (accounts.permissions),
then returns ``documents.http.document_file_response(document)``. Reads: ``documents.selectors``.

``context(owner) -> dict`` is called by the worker that renders the paper, in the paper's language
(``translation.override``), with the owner row (an order, a shipment) loaded fresh. It returns PLAIN DATA:
strings (amounts already formatted for their currency, e.g. with ``core.templatetags.l10n_extras.money``),
dates, lists and dicts; no model instances, no lazy querysets. Every key is optional unless marked (*);
a template leaves out what is missing. The shape the five templates under ``templates/papers/`` read::

    {
      "seller": {"name", "address", "bank_account", "phone", "email"},   # default: settings.BROKER_NAME,
                                                                         # BROKER_ADDRESS, BROKER_BANK_ACCOUNT
      "buyer" (*): {"name", "address", "country", "phone", "email", "tax_id"},
      "consignee": {"name", "address", "phone"},                        # default: the buyer
      "notify_party": {"name", "address", "phone"},                     # or a plain string
      "date": date,                                                     # default: the day it was asked for
      "reference": str,                                                 # e.g. the order number "O-2026-00042"
      "currency": "USD",
      "terms": "CIF",                                                   # the Incoterm (FOB, CFR, CIF)
      "terms_place": "Vladivostok",                                     # "CIF Vladivostok"
      "port_of_loading": "Toyama (JPTOY)", "port_of_discharge": "Vladivostok (RUVVO)",
      "final_destination": "Almaty, Kazakhstan",
      "vessel": "Trans Future 5", "voyage": "TF5-2611",                 # optional (shipment papers)
      "bl_number": str, "shipment_number": str,
      "lines" (*): [{
          "no": 1, "stock_no": "TY-000123",
          "make", "model", "grade", "model_code", "year", "first_registration" ("2019-03"),
          "chassis_no", "engine_cc", "fuel", "color", "mileage", "steering", "transmission", "seats",
          "weight" ("1 350 kg"), "dimensions" ("4.54 × 1.76 × 1.50 m"), "volume" ("12.0 m³"),
          "hs_code" ("8703.23"), "packages" ("1 unit, RoRo, unpacked"),
          "fob", "freight", "insurance", "fee", "total",                # money, formatted strings
          "decision" ("clear"|"review"|"blocked"),                     # compliance_certificate
      }],
      "totals": {"fob", "freight", "insurance", "fee", "total", "deposit", "paid", "balance",
                 "units", "gross_weight", "volume", "in_words"},
      "payment": {"terms" (text: "30% deposit within 3 days, balance before shipment"), "due" (date),
                  "deposit", "balance", "reference" ("write O-2026-00042 on the transfer")},
      "bank_warning": str,       # default: "Pay only to the account on this paper: we never change
                                 # bank details by e-mail or telephone."
      "rates": [{"from": "JPY", "to": "USD", "rate": "0.006712", "date": date, "source": "ECB"}],
      "findings": [{"vehicle" (chassis or stock no), "rule", "effect", "message", "citation",
                    "decision"}],                                # with citations: compliance_certificate
      "decision": "clear", "destination": "RU", "route": "JP → KZ → RU",
      "rules_version": str, "as_of": date,
      "clauses": [str],          # contract / invoice clauses, e.g. the no-re-export clause, already translated
      "declaration": str,        # commercial invoice: "We certify this invoice is true and correct."
      "notes": [str],
      "signatory": {"name", "title"},
    }

Alongside it the paper always gets ``document`` ({"number", "version", "kind", "language", "title"}),
``title`` and ``seller`` (unless given). ``documents.samples.sample_context(kind)`` builds a full example of
every kind (the tests, the benchmark and the shape's living example).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError

# The papers the platform makes (api.md), the series their numbers come from and their titles: the owner apps
# register them with these (``series=KINDS[kind], title=TITLES[kind], template=f"papers/{kind}.html"``).
KINDS = {
    "proforma_invoice": "PI",
    "sales_contract": "SC",
    "commercial_invoice": "CI",
    "packing_list": "PL",
    "compliance_certificate": "CC",
}
TITLES = {
    "proforma_invoice": _("Proforma invoice"),
    "sales_contract": _("Sales contract"),
    "commercial_invoice": _("Commercial invoice"),
    "packing_list": _("Packing list"),
    "compliance_certificate": _("Compliance certificate"),
}


@dataclass(frozen=True)
class Paper:
    kind: str
    series: str
    template: str
    context: Callable[[Any], dict]
    title: str | Promise


_PAPERS: dict[str, Paper] = {}


def register(kind: str, *, series: str, template: str, context: Callable[[Any], dict], title: str | Promise) -> Paper:
    """Declare a paper kind: its number series (``PI``), Django template, context builder and title.

    Registering a kind again replaces it (an app reloaded in development). A kind's series is fixed: a
    series must be 1-8 upper-case letters, and two kinds never share one.
    """
    if not (series.isascii() and series.isalpha() and series.isupper() and 1 <= len(series) <= 8):
        raise ValueError(f"paper series {series!r}: 1 to 8 upper-case letters")
    if len(kind) > 40:
        raise ValueError(f"paper kind {kind!r}: 40 characters at most")
    for other in _PAPERS.values():
        if other.series == series and other.kind != kind:
            raise ValueError(f"series {series} is already {other.kind}'s")
    paper = Paper(kind=kind, series=series, template=template, context=context, title=title)
    _PAPERS[kind] = paper
    return paper


def unregister(kind: str) -> None:
    _PAPERS.pop(kind, None)


def paper_for(kind: str) -> Paper:
    try:
        return _PAPERS[kind]
    except KeyError:
        raise ApplicationError(f"No paper of kind {kind!r} is registered.", code="unknown_document_kind") from None


def registered() -> dict[str, Paper]:
    return dict(_PAPERS)
