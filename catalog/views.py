"""What buyers read: the home page, the catalog with its facets, and a vehicle's page with its badges."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.permissions import can_write_vehicle, is_buyer
from brokerage.selectors import quote_ports
from brokerage.services import totals_to_port
from catalog.filters import CatalogFilterSet
from catalog.prices import display_currency, display_prices, rates_used
from catalog.selectors import catalog_base, catalog_facets, home_context
from compliance.selectors import latest_decisions, upcoming_decisions
from core import rates
from core.api import CappedCountPaginator
from core.errors import ApplicationError
from inventory.models import BodyType, Drive, Fuel, Transmission, Vehicle
from inventory.selectors import ready_photos, vehicle_visible


def home(request):
    return render(request, "catalog/home.html", home_context(request.user))


def catalog(request):
    params = request.GET.copy()
    buyer_country = getattr(request.user, "country", None) if request.user.is_authenticated else None
    if "exportable_to" not in params and buyer_country and getattr(request.user, "is_buyer", False):
        params["exportable_to"] = buyer_country  # buyers see what their country can receive by default
    if params.get("exportable_to") == "any":
        params.pop("exportable_to")
    table = rates.rate_table()
    currency = display_currency(request.user, request.GET.get("currency"), table)
    params["currency"] = currency.code
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
    prices = display_prices(vehicles, currency.code, table)
    # a signed-in buyer sees what each car costs delivered to their port (CIF, priced as a quote is)
    port = request.user.buyer.default_port if is_buyer(request.user) else None
    to_port = totals_to_port(vehicles, port_code=port.code, currency=currency.code) if port else {}
    query_without_page = params.copy()
    query_without_page.pop("page", None)
    return render(request, "catalog/catalog.html", {
        "filterset": filterset, "page_obj": page_obj, "vehicles": vehicles, "facets": facets,
        "errors": errors, "currency": currency.code, "currency_message": currency.message, "prices": prices,
        "rates_used": rates_used(prices.values()),
        "decisions": latest_decisions(ids), "upcoming": upcoming_decisions(ids),
        "exportable_to": params.get("exportable_to", ""), "chosen": params,
        "chosen_fuels": params.getlist("fuel"), "chosen_bodies": params.getlist("body_type"),
        "fuels": Fuel.choices, "body_types": BodyType.choices, "transmissions": Transmission.choices,
        "drives": Drive.choices, "querystring": query_without_page.urlencode(), "currencies": currency.choices,
        "to_port": to_port, "to_port_name": port.name if port else "",
    })


def vehicle_detail(request, pk):
    vehicle = get_object_or_404(Vehicle.objects.select_related("yard", "yard__nearest_port")
                                .prefetch_related(ready_photos()), pk=pk)
    if not vehicle_visible(request.user, vehicle):
        raise Http404
    table = rates.rate_table()
    currency = display_currency(request.user, request.GET.get("currency"), table)
    price = display_prices([vehicle], currency.code, table)[vehicle.pk]
    return render(request, "catalog/vehicle_detail.html", {
        "vehicle": vehicle, "photos": list(vehicle.photos.all()), "currency": currency.code,
        "currency_message": currency.message, "price": price, "rates_used": rates_used([price]),
        "decisions": latest_decisions([vehicle.pk]).get(vehicle.pk, {}),
        "upcoming": upcoming_decisions([vehicle.pk]).get(vehicle.pk, {}),
        "can_edit": can_write_vehicle(request.user, vehicle), "currencies": currency.choices,
        "quote_ports": quote_ports(vehicle.yard.nearest_port_id),
        "quote_port_default": request.user.buyer.default_port_id if is_buyer(request.user) else "",
    })
