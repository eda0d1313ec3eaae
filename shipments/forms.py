from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brokerage.models import Order, OrderStatus
from shipments.models import Attachment, ContainerSize, EventKind, Mode, Voyage

LEG_ROWS = 3


class BookForm(forms.Form):
    """Book paid orders: the orders, then up to three legs (the first one needed)."""

    orders = forms.ModelMultipleChoiceField(label=_("Paid orders"), queryset=Order.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    bl_number = forms.CharField(label=_("B/L number"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orders"].queryset = (Order.objects.filter(status__in=(OrderStatus.PAID, OrderStatus.READY_TO_SHIP),
                                                              shipment_links__isnull=True)
                                          .select_related("buyer").order_by("pk"))
        self.fields["orders"].label_from_instance = lambda order: f"{order.number} · {order.buyer.name}"
        voyages = Voyage.objects.filter(etd__gt=timezone.now()).select_related("vessel").order_by("etd")
        for index in range(LEG_ROWS):
            required = index == 0
            self.fields[f"leg{index}_mode"] = forms.ChoiceField(
                label=_("Mode"), choices=([] if required else [("", "—")]) + list(Mode.choices), required=required)
            self.fields[f"leg{index}_from"] = forms.CharField(label=_("From (UN/LOCODE)"), max_length=5,
                                                              required=required)
            self.fields[f"leg{index}_to"] = forms.CharField(label=_("To (UN/LOCODE)"), max_length=5,
                                                            required=required)
            self.fields[f"leg{index}_voyage"] = forms.ModelChoiceField(label=_("Voyage"), queryset=voyages,
                                                                       required=False)
            self.fields[f"leg{index}_container_size"] = forms.ChoiceField(
                label=_("Container"), choices=[("", "—"), *ContainerSize.choices], required=False)

    def leg_rows(self):
        return [[self[f"leg{index}_{name}"] for name in ("mode", "from", "to", "voyage", "container_size")]
                for index in range(LEG_ROWS)]

    def legs(self) -> list[dict]:
        data = self.cleaned_data
        legs = []
        for index in range(LEG_ROWS):
            if not data.get(f"leg{index}_mode"):
                continue
            voyage = data.get(f"leg{index}_voyage")
            legs.append({"mode": data[f"leg{index}_mode"], "origin": data.get(f"leg{index}_from") or "",
                         "destination": data.get(f"leg{index}_to") or "", "voyage": voyage.pk if voyage else None,
                         "container_size": data.get(f"leg{index}_container_size") or ""})
        return legs


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=[c for c in EventKind.choices if c[0] != EventKind.BOOKED])
    at = forms.DateTimeField(label=_("Time (UTC)"), required=False, help_text=_("Empty: now."),
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place (UN/LOCODE)"), max_length=5, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class VoyageForm(forms.Form):
    """A RoRo leg's voyage after booking: the shipment's RoRo legs, the sailings that have not left."""

    leg = forms.ChoiceField(label=_("Leg"))
    voyage = forms.ModelChoiceField(label=_("Voyage"), queryset=Voyage.objects.none())

    def __init__(self, *args, legs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leg"].choices = [(leg.pk, f"{leg.position}. {leg.origin_id} → {leg.destination_id}")
                                      for leg in legs if leg.mode == Mode.RORO]
        self.fields["voyage"].queryset = (Voyage.objects.filter(etd__gt=timezone.now()).select_related("vessel")
                                          .order_by("etd"))


class ReferencesForm(forms.Form):
    bl_number = forms.CharField(label=_("B/L number"), max_length=40, required=False)
    courier_tracking = forms.CharField(label=_("Courier tracking number (originals)"), max_length=60, required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Paper"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))
