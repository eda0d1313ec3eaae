"""The merchant's forms: a vehicle's listing, bulk actions on stock, and the CSV upload."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.codes import currency_codes
from core.dates import parse_year_month
from inventory.models import Status, Vehicle
from inventory.services import EDITABLE_FIELDS


class VehicleForm(forms.ModelForm):
    """The listing form: short on a phone (the essentials first, the rest folded)."""

    first_registration = forms.CharField(
        label=_("First registration"), required=False, help_text=_("YYYY-MM"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2020-03"}),
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)
    # The version the merchant is editing: saving over someone else's newer save is refused (see vehicle_update).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Vehicle
        fields = [f for f in EDITABLE_FIELDS if f != "first_registration"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mileage_km": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "engine_cc": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "price_amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
            "chassis_no": forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
        }

    ESSENTIAL = ("make", "model", "chassis_no", "year", "first_registration", "mileage_km", "engine_cc", "fuel",
                 "price_amount", "price_currency", "transmission", "body_type", "color")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("publish")
            self.initial["version"] = self.instance.version
        else:
            self.fields.pop("version")
            if self.instance.first_registration:
                self.initial["first_registration"] = self.instance.first_registration.strftime("%Y-%m")
        self.fields["price_currency"].widget = forms.TextInput(attrs={"list": "currencies", "maxlength": 3,
                                                                      "autocapitalize": "characters"})

    def essential_fields(self):
        return [self[name] for name in self.ESSENTIAL if name in self.fields]

    def other_fields(self):
        return [self[name] for name in self.fields if name not in self.ESSENTIAL and name not in ("publish", "version")]

    def clean_first_registration(self):
        value = self.cleaned_data.get("first_registration")
        if not value:
            return None
        try:
            return parse_year_month(value)
        except ValueError:
            raise forms.ValidationError(_("Use YYYY-MM, e.g. 2020-03."))

    def clean_price_currency(self):
        value = (self.cleaned_data.get("price_currency") or "").upper()
        if value not in currency_codes():
            raise forms.ValidationError(_("Use an ISO 4217 currency code, e.g. JPY, USD."))
        return value

    def vehicle_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}

    def initial_status(self) -> str:
        return Status.AVAILABLE if self.cleaned_data.get("publish") else Status.DRAFT


class BulkActionForm(forms.Form):
    ACTIONS = [("publish", _("Publish")), ("unpublish", _("Back to draft")), ("withdraw", _("Withdraw")),
               ("price", _("Set price")), ("reprice", _("Change price by"))]
    action = forms.ChoiceField(choices=ACTIONS)
    vehicles = forms.ModelMultipleChoiceField(queryset=Vehicle.objects.none())
    price_amount = forms.DecimalField(required=False, min_value=1, max_digits=14, decimal_places=2)
    price_currency = forms.CharField(required=False, max_length=3)
    # "Change price by": 5 % down, or 50,000 up (in the cars' own currency), rounded per currency.
    direction = forms.ChoiceField(choices=[("down", _("down")), ("up", _("up"))], required=False)
    change_value = forms.DecimalField(required=False, min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    change_kind = forms.ChoiceField(choices=[("percent", "%"), ("amount", _("amount"))], required=False)

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicles"].queryset = queryset if queryset is not None else Vehicle.objects.none()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), required=False,
        help_text=_("UTF-8 (with or without BOM) or Shift_JIS, up to 10 MB and 50,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
    photos = forms.FileField(
        label=_("Photos (ZIP)"), required=False,
        help_text=_("Optional: photos named by chassis or stock number, e.g. ZVW30-1234567_1.jpg or TY-000123-2.jpg. "
                    "With a CSV, they are attached once its cars are imported."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("photos") and not self.errors:
            raise forms.ValidationError(_("Choose a CSV file, a ZIP of photos, or both."))
        return cleaned
