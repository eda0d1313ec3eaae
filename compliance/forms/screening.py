"""Forms of the party-screening pages: the hits queue's filters, a decision on a hit, a list upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.importers import PARSERS
from compliance.models import HitDecision, SanctionList
from compliance.selectors.parties import OPEN, HitFilters
from core.codes import is_country

STATE_CHOICES = [(OPEN, _("Waiting for a decision")), (HitDecision.Outcome.FALSE_POSITIVE, _("False positive")),
                 (HitDecision.Outcome.TRUE_MATCH, _("True match")), ("all", _("All"))]
MAX_UPLOAD = 50 * 1024 * 1024


class HitFilterForm(forms.Form):
    list = forms.ChoiceField(label=_("List"), required=False)
    state = forms.ChoiceField(label=_("Decision"), required=False, choices=STATE_CHOICES)
    country = forms.CharField(label=_("Party country"), required=False, max_length=2)

    def __init__(self, *args, list_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list"].choices = [("", _("Any list"))] + [(name, name) for name in list_names]

    def clean_country(self):
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if value and not is_country(value):
            raise forms.ValidationError(_("Use an ISO 3166 two-letter country code (e.g. RU)."))
        return value

    def filters(self) -> HitFilters:
        if not self.is_valid():
            return HitFilters()
        state = self.cleaned_data.get("state") or OPEN
        return HitFilters(list_name=self.cleaned_data.get("list") or None,
                          state=None if state == "all" else state, country=self.cleaned_data.get("country") or None)


class HitDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=HitDecision.Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (kept with the record)"), widget=forms.Textarea(attrs={"rows": 3}),
                             min_length=5, max_length=4000)


class ListUploadForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[(key, dict(SanctionList.Format.choices).get(key, key))
                                                           for key in PARSERS])
    name = forms.CharField(label=_("List name (empty: by format)"), required=False, max_length=80)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
