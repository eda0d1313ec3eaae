"""Shipment pages: staff book paid orders and record each step; a buyer follows an order on a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_broker_staff
from brokerage.papers import order_documents_data
from brokerage.selectors import orders_visible_to
from core.errors import ApplicationError
from core.forms import apply_errors
from shipments import selectors, services
from shipments.forms import AttachmentForm, BookForm, EventForm, ReferencesForm, VoyageForm
from shipments.models import EventKind


def _staff(request) -> None:
    if not is_broker_staff(request.user):
        raise PermissionDenied


@login_required
def shipment_list(request):
    _staff(request)
    shipments = selectors.shipment_detail_queryset(request.user).order_by("-created", "-id")[:200]
    return render(request, "shipments/shipment_list.html", {"shipments": shipments})


@login_required
def shipment_book(request):
    _staff(request)
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legs = [services.LegInput(**leg) for leg in form.legs()]
            shipment = services.shipment_book(by=request.user, order_ids=[o.pk for o in form.cleaned_data["orders"]],
                                              legs=legs, bl_number=form.cleaned_data.get("bl_number") or "")
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Shipment %(number)s booked.") % {"number": shipment.number})
            return redirect("shipments:detail", shipment.pk)
    return render(request, "shipments/shipment_book.html", {"form": form, "voyages": selectors.voyages_open()},
                  status=400 if form.errors else 200)


def _detail(request, shipment, *, event_form=None, references_form=None, attachment_form=None, voyage_form=None,
            status=200):
    legs, events = list(shipment.legs.all()), list(shipment.events.all())
    departed = any(event.kind == EventKind.DEPARTED for event in events)
    voyage_form = voyage_form or VoyageForm(legs=legs)
    return render(request, "shipments/shipment_detail.html", {
        "shipment": shipment, "legs": legs, "events": events,
        "orders": list(shipment.orders.all()), "attachments": list(shipment.attachments.all()),
        "event_form": event_form or EventForm(),
        # a RoRo leg's voyage is set or changed until the shipment departs
        "voyage_form": voyage_form if voyage_form.fields["leg"].choices and not departed else None,
        "references_form": references_form or ReferencesForm(initial={"bl_number": shipment.bl_number,
                                                                      "courier_tracking": shipment.courier_tracking}),
        "attachment_form": attachment_form or AttachmentForm()}, status=status)


@login_required
def shipment_detail(request, pk: int):
    _staff(request)
    shipment = get_object_or_404(selectors.shipment_detail_queryset(request.user), pk=pk)
    return _detail(request, shipment)


@login_required
@require_POST
def shipment_event(request, pk: int):
    _staff(request)
    shipment = get_object_or_404(selectors.shipment_detail_queryset(request.user), pk=pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            services.shipment_event_record(shipment=shipment, kind=form.cleaned_data["kind"],
                                           at=form.cleaned_data["at"] or None, place=form.cleaned_data["place"],
                                           note=form.cleaned_data["note"], by=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("shipments:detail", shipment.pk)
    return _detail(request, shipment, event_form=form, status=400)


@login_required
@require_POST
def shipment_voyage(request, pk: int):
    _staff(request)
    shipment = get_object_or_404(selectors.shipment_detail_queryset(request.user), pk=pk)
    form = VoyageForm(request.POST, legs=list(shipment.legs.all()))
    if form.is_valid():
        try:
            services.leg_voyage_set(shipment=shipment, leg_id=int(form.cleaned_data["leg"]),
                                    voyage_id=form.cleaned_data["voyage"].pk, by=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Voyage saved."))
            return redirect("shipments:detail", shipment.pk)
    return _detail(request, shipment, voyage_form=form, status=400)


@login_required
@require_POST
def shipment_references(request, pk: int):
    _staff(request)
    shipment = get_object_or_404(selectors.shipment_detail_queryset(request.user), pk=pk)
    form = ReferencesForm(request.POST)
    if form.is_valid():
        services.shipment_references_update(shipment=shipment, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("shipments:detail", shipment.pk)
    return _detail(request, shipment, references_form=form, status=400)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    _staff(request)
    shipment = get_object_or_404(selectors.shipment_detail_queryset(request.user), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_upload(shipment=shipment, by=request.user, upload=form.cleaned_data["file"],
                                       kind=form.cleaned_data["kind"])
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Paper uploaded."))
            return redirect("shipments:detail", shipment.pk)
    return _detail(request, shipment, attachment_form=form, status=400)


@login_required
def attachment_file(request, pk: int):
    """An uploaded paper: staff, the buyers of the shipment's orders, the merchants whose stock it carries."""
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                            filename=attachment.original_name, as_attachment=request.GET.get("download") == "1")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def order_tracking(request, order_id: int):
    """Where an order's cars are: per vehicle, the shipment's steps, the vessel and ETA, and the papers."""
    order = get_object_or_404(orders_visible_to(request.user), pk=order_id)
    shipment = selectors.shipment_of_order(order)
    events = list(shipment.events.all()) if shipment else []
    reached = {event.kind for event in events}
    steps = [{"kind": kind.value, "label": kind.label, "done": kind.value in reached,
              "current": shipment is not None and kind.value == shipment.status} for kind in EventKind]
    legs = list(shipment.legs.all()) if shipment else []
    voyage = next((leg.voyage for leg in legs if leg.voyage_id), None)
    attachments = list(selectors.attachments_visible_to(request.user).filter(shipment=shipment)) if shipment else []
    return render(request, "shipments/order_tracking.html", {
        "order": order, "shipment": shipment, "events": list(reversed(events)), "steps": steps, "legs": legs,
        "voyage": voyage, "vehicles": [line.vehicle for line in order.lines.select_related("vehicle")],
        "documents": order_documents_data(order), "attachments": attachments,
    })

