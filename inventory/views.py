from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_write_vehicle, vehicles_writable_by
from core import money, rates
from core.api import CappedCountPaginator
from core.codes import currency_codes
from core.errors import ApplicationError
from inventory import selectors, services
from inventory.filters import CatalogFilterSet
from inventory.forms import BulkActionForm, VehicleForm
from inventory.models import BodyType, Fuel, Status, Vehicle
from inventory.selectors import catalog_base, catalog_facets, vehicle_visible


def _apply_errors(form, exc):
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ApplicationError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        form.add_error(None, exc.messages)


def _buyer_currency(request) -> str:
    currency = (request.GET.get("currency") or getattr(request.user, "preferred_currency", "") or "USD").upper()
    return currency if currency in currency_codes() else "USD"


def _display_prices(vehicles, currency: str) -> dict[int, money.Converted | None]:
    """Every price on a page in the buyer's currency with one rate query."""
    table = rates.rate_table()
    prices = {}
    for vehicle in vehicles:
        try:
            prices[vehicle.pk] = money.convert_with(table, vehicle.price_amount, vehicle.price_currency, currency)
        except money.NoRate:
            prices[vehicle.pk] = None
    return prices


def catalog(request):
    from compliance.selectors import latest_decisions, upcoming_decisions

    params = request.GET.copy()
    buyer_country = getattr(request.user, "country", None) if request.user.is_authenticated else None
    if "exportable_to" not in params and buyer_country and getattr(request.user, "is_buyer", False):
        params["exportable_to"] = buyer_country  # buyers see what their country can receive by default
    if params.get("exportable_to") == "any":
        params.pop("exportable_to")
    currency = _buyer_currency(request)
    params["currency"] = currency
    filterset = CatalogFilterSet(params, queryset=catalog_base())
    page_obj, facets, errors = None, {}, None
    if filterset.is_valid():
        try:
            queryset = filterset.qs
            paginator = CappedCountPaginator(queryset, 24)
            page_obj = paginator.get_page(request.GET.get("page"))
            facets = catalog_facets(queryset)
        except (ValidationError, ApplicationError) as exc:
            errors = getattr(exc, "message_dict", None) or {"": [str(getattr(exc, "message", exc))]}
    else:
        errors = filterset.errors
    vehicles = list(page_obj.object_list) if page_obj else []
    ids = [v.pk for v in vehicles]
    query_without_page = params.copy()
    query_without_page.pop("page", None)
    return render(request, "inventory/catalog.html", {
        "filterset": filterset, "page_obj": page_obj, "vehicles": vehicles, "facets": facets,
        "errors": errors, "currency": currency, "prices": _display_prices(vehicles, currency),
        "decisions": latest_decisions(ids), "upcoming": upcoming_decisions(ids),
        "exportable_to": params.get("exportable_to", ""),
        "fuels": Fuel.choices, "body_types": BodyType.choices, "querystring": query_without_page.urlencode(),
        "currencies": sorted(rates.known_currencies()),
    })


def vehicle_detail(request, pk):
    from compliance.selectors import latest_decisions, upcoming_decisions

    vehicle = get_object_or_404(Vehicle.objects.select_related("yard", "yard__nearest_port")
                                .prefetch_related(selectors.ready_photos()), pk=pk)
    if not vehicle_visible(request.user, vehicle):
        raise Http404
    currency = _buyer_currency(request)
    return render(request, "inventory/vehicle_detail.html", {
        "vehicle": vehicle, "photos": list(vehicle.photos.all()), "currency": currency,
        "price": _display_prices([vehicle], currency)[vehicle.pk],
        "decisions": latest_decisions([vehicle.pk]).get(vehicle.pk, {}),
        "upcoming": upcoming_decisions([vehicle.pk]).get(vehicle.pk, {}),
        "can_edit": can_write_vehicle(request.user, vehicle), "currencies": sorted(rates.known_currencies()),
    })


@login_required
def my_stock(request):
    if not (request.user.is_merchant or request.user.is_broker_staff):
        raise PermissionDenied
    status = request.GET.get("status", "")
    queryset = selectors.yard_stock(request.user, status=status if status in Status.values else "",
                                    q=request.GET.get("q", ""))
    counts = dict(vehicles_writable_by(request.user, Vehicle.objects.all()).order_by()
                  .values_list("status").annotate(n=Count("id")))
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
        )
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
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
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(stock)s listed. Add photos now.") % {"stock": vehicle.stock_no})
            return redirect("inventory:vehicle_edit", pk=vehicle.pk)
    return render(request, "inventory/vehicle_form.html", {"form": form, "currencies": sorted(currency_codes())})


@login_required
def vehicle_edit(request, pk):
    vehicle = get_object_or_404(vehicles_writable_by(request.user, Vehicle.objects.select_related("yard")), pk=pk)
    form = VehicleForm(request.POST or None, instance=vehicle)
    if request.method == "POST" and form.is_valid():
        try:
            services.vehicle_update(vehicle=Vehicle.objects.get(pk=vehicle.pk), user=request.user,
                                    data=form.vehicle_data())
        except (ValidationError, ApplicationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("inventory:vehicle_edit", pk=vehicle.pk)
    return render(request, "inventory/vehicle_form.html", {
        "form": form, "vehicle": vehicle, "photos": list(vehicle.photos.all()),
        "currencies": sorted(currency_codes()), "statuses": services.MERCHANT_TRANSITIONS.get(vehicle.status, ()),
    })


@login_required
def vehicle_history(request, pk):
    vehicle = get_object_or_404(vehicles_writable_by(request.user, Vehicle.objects.all()), pk=pk)
    records = vehicle.history.select_related("history_user").order_by("-history_date")[:200]
    rows = []
    for record in records:
        change = []
        if record.prev_record:
            delta = record.diff_against(record.prev_record)
            change = [(c.field, c.old, c.new) for c in delta.changes]
        rows.append({"record": record, "changes": change})
    return render(request, "inventory/vehicle_history.html", {"vehicle": vehicle, "rows": rows})


@login_required
@require_POST
def vehicle_status(request, pk):
    vehicle = get_object_or_404(vehicles_writable_by(request.user, Vehicle.objects.all()), pk=pk)
    try:
        services.vehicle_set_status(vehicle=vehicle, user=request.user, status=request.POST.get("status", ""))
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
    return redirect("inventory:vehicle_edit", pk=pk)
