"""Page forms: the quote box, placing an order, a payment, a proof, a cancellation, the sale review, a freight rate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from brokerage.models import FreightRate, Terms


class QuoteForm(forms.Form):
    vehicle = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    destination_port = forms.CharField(label=_("Destination port"), max_length=5)
    terms = forms.ChoiceField(label=_("Terms"), choices=Terms.choices, initial=Terms.CIF)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    route = forms.CharField(label=_("Route (countries after the origin, final last)"), required=False, max_length=40,
                            help_text=_("For example KZ,RU. Empty: straight to the port's country."))

    def clean_route(self):
        value = self.cleaned_data.get("route") or ""
        return [part.strip().upper() for part in value.replace(";", ",").split(",") if part.strip()]


class PlaceForm(forms.Form):
    quote = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Bank reference"), max_length=80)
    proof = forms.TypedChoiceField(label=_("Proof"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, proofs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proof"].choices = [("", "—")] + [(p.pk, p.original_name) for p in proofs]


class ProofForm(forms.Form):
    file = forms.FileField(label=_("T/T receipt (PDF, JPEG, PNG or WebP)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve the sale")),
                                                              ("reject", _("Refuse the sale"))])
    reason = forms.CharField(label=_("Reason (kept)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class FreightRateForm(forms.ModelForm):
    class Meta:
        model = FreightRate
        fields = ["origin", "destination", "mode", "amount", "currency", "insurance_rate", "transit_days",
                  "valid_from", "valid_until", "note"]
        widgets = {"origin": forms.TextInput, "destination": forms.TextInput,
                   "valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_until": forms.DateInput(attrs={"type": "date"})}
