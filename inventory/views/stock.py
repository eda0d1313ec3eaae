"""The merchant's stock pages: my stock (with bulk actions), listing and editing a car, its history and status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import vehicles_writable_by, writable_or_404
from core.codes import currency_codes
from core.errors import ApplicationError
from core.forms import apply_errors, error_message
from inventory import selectors, services
from inventory.forms import BulkActionForm, VehicleForm
from inventory.models import Status, Vehicle


@login_required
def my_stock(request):
    if not (request.user.is_merchant or request.user.is_broker_staff):
        raise PermissionDenied
    status = request.GET.get("status", "")
    queryset = selectors.yard_stock(request.user, status=status if status in Status.values else "",
                                    q=request.GET.get("q", ""))
    counts = selectors.yard_stock_counts(request.user)
    page_obj = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "inventory/my_stock.html", {
        "page_obj": page_obj, "status": status, "statuses": Status.choices, "counts": counts,
        "q": request.GET.get("q", ""), "bulk_form": BulkActionForm(),
    })


@login_required
@require_POST
def my_stock_bulk(request):
    queryset = vehicles_writable_by(request.user, Vehicle.objects.all())
    form = BulkActionForm(request.POST, queryset=queryset)
    if not form.is_valid():
        messages.error(request, _("Choose some vehicles and an action."))
        return redirect("inventory:my_stock")
    try:
        changed = services.vehicles_bulk_action(
            queryset=queryset.filter(pk__in=[v.pk for v in form.cleaned_data["vehicles"]]), user=request.user,
            action=form.cleaned_data["action"], price_amount=form.cleaned_data.get("price_amount"),
            price_currency=(form.cleaned_data.get("price_currency") or "").upper() or None,
            change_kind=form.cleaned_data.get("change_kind") or "percent",
            change_value=form.cleaned_data.get("change_value"), direction=form.cleaned_data.get("direction") or "down",
        )
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("%(n)d vehicles updated.") % {"n": changed})
    return redirect(request.POST.get("next") or "inventory:my_stock")


@login_required
def vehicle_create(request):
    if not request.user.is_merchant:
        raise PermissionDenied(_("Only yard merchants list vehicles."))
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = services.vehicle_create(yard=request.user.yard, user=request.user, data=form.vehicle_data(),
                                              status=form.initial_status())
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(stock)s listed. Add photos now: buyers see it once a photo is processed.")
                             % {"stock": vehicle.stock_no})
            return redirect("inventory:vehicle_edit", pk=vehicle.pk)
    return render(request, "inventory/vehicle_form.html", {"form": form, "currencies": sorted(currency_codes())})


@login_required
def vehicle_edit(request, pk):
    vehicle = writable_or_404(request.user, Vehicle.objects.select_related("yard"), pk=pk)
    form = VehicleForm(request.POST or None, instance=vehicle)
    if request.method == "POST" and form.is_valid():
        try:
            services.vehicle_update(vehicle=vehicle, user=request.user, data=form.vehicle_data(),
                                    expected_version=form.cleaned_data.get("version"))
        except services.VehicleChanged as exc:
            vehicle = exc.vehicle
            form.add_error(None, _conflict_message(vehicle, form.cleaned_data["version"]))
            form.data = form.data.copy()
            form.data["version"] = str(vehicle.version)  # saving again now keeps the merchant's values, knowingly
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("inventory:vehicle_edit", pk=vehicle.pk)
    return render(request, "inventory/vehicle_form.html", {
        "form": form, "vehicle": vehicle, "photos": list(vehicle.photos.all()),
        "currencies": sorted(currency_codes()), "statuses": services.MERCHANT_TRANSITIONS.get(vehicle.status, ()),
    })


def _conflict_message(vehicle: Vehicle, version: int) -> str:
    changes, who = selectors.vehicle_changes_since(vehicle, version)
    message = _("Someone else saved this car while you were editing it, so your changes were not saved.")
    if changes:
        message += " " + _("Their changes: %(changes)s.") % {"changes": "; ".join(
            f"{change.label}: {change.old} → {change.new}" for change in changes)}
    if who:
        message += " " + _("Saved by %(who)s.") % {"who": ", ".join(str(user) for user in who)}
    return message + " " + _("Your entries are still in the form: check them and save again to keep them.")


@login_required
def vehicle_history(request, pk):
    vehicle = writable_or_404(request.user, Vehicle.objects.all(), pk=pk)
    return render(request, "inventory/vehicle_history.html",
                  {"vehicle": vehicle, "entries": selectors.vehicle_timeline(vehicle)})


@login_required
@require_POST
def vehicle_status(request, pk):
    vehicle = writable_or_404(request.user, Vehicle.objects.all(), pk=pk)
    try:
        services.vehicle_set_status(vehicle=vehicle, user=request.user, status=request.POST.get("status", ""))
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, error_message(exc))
    return redirect("inventory:vehicle_edit", pk=pk)
