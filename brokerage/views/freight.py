"""Staff: the freight table (per origin, destination and mode), add and change rates."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from brokerage import selectors, services
from brokerage.forms import FreightRateForm
from brokerage.services.freight import FIELDS
from brokerage.views.common import staff_required
from core.errors import ApplicationError
from core.forms import apply_errors


@staff_required
def freight_list(request):
    rates = selectors.freight_rates_for_staff(request.user)
    q = request.GET.get("q", "").strip().upper()
    if q:
        rates = rates.filter(origin_id__startswith=q) | rates.filter(destination_id__startswith=q)
    return render(request, "brokerage/freight_list.html", {"rates": rates[:500], "q": q})


@staff_required
def freight_edit(request, pk: int | None = None):
    rate = get_object_or_404(selectors.freight_rates_for_staff(request.user), pk=pk) if pk else None
    form = FreightRateForm(request.POST or None, instance=rate)
    if request.method == "POST" and form.is_valid():
        try:
            services.freight_rate_save(rate=rate, data={name: form.cleaned_data[name] for name in FIELDS})
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Freight rate saved."))
            return redirect("brokerage:freight_list")
    return render(request, "brokerage/freight_form.html", {"form": form, "rate": rate},
                  status=400 if form.errors else 200)
