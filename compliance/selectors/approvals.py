"""The screening line on staff's buyer approvals page (``accounts.hooks``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.hooks import BuyerStatus
from compliance.selectors.parties import screening_states


def screening_status(buyer_ids) -> dict[int, BuyerStatus]:
    out = {}
    for pk, (state, count) in screening_states(buyer_ids).items():
        url = reverse("compliance:party_history", args=[pk])
        if state == "hits":
            text = ngettext("Sanctions screening: %(n)d hit for an officer",
                            "Sanctions screening: %(n)d hits for an officer", count) % {"n": count}
            out[pk] = BuyerStatus(text, "blocked", url)
        elif state == "pending":
            out[pk] = BuyerStatus(_("Sanctions screening: not done yet"), "review", url)
        else:
            out[pk] = BuyerStatus(_("Sanctions screening: clear"), "clear", url)
    return out
