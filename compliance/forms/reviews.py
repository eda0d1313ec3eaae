"""Forms of the review pages: one decision, the queue's filters, and one decision for many items."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from compliance.models import OfficerReview
from compliance.selectors import QueueFilters


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=OfficerReview.Outcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (kept with the record)"), widget=forms.Textarea(attrs={"rows": 4}),
                             min_length=5)


AGE_CHOICES = [("", _("Any age")), ("1", _("Waiting over a day")), ("7", _("Waiting over a week")),
               ("30", _("Waiting over 30 days"))]


class QueueFilterForm(forms.Form):
    """The review queue's filters (GET). Choices are what waits in the queue; an unknown value is a form
    error, not an empty page."""

    destination = forms.ChoiceField(label=_("Destination"), required=False)
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    yard = forms.TypedChoiceField(label=_("Yard"), required=False, coerce=int, empty_value=None)
    age = forms.TypedChoiceField(label=_("Waiting"), required=False, choices=AGE_CHOICES, coerce=int,
                                 empty_value=None)

    def __init__(self, data=None, *, destinations=(), rules=(), yards=()):
        super().__init__(data)
        any_ = [("", _("Any"))]
        self.fields["destination"].choices = any_ + [(code, code) for code in sorted(destinations)]
        self.fields["rule"].choices = any_ + [(code, code) for code in sorted(rules)]
        self.fields["yard"].choices = any_ + [(str(pk), name) for pk, name in yards]

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(destination=data["destination"] or None, rule=data["rule"] or None,
                            yard_id=data["yard"], older_than_days=data["age"])


class QueueItemsField(forms.MultipleChoiceField):
    """Checked queue items, each sent as ``<decision id>:<findings fingerprint>`` (what the officer saw)."""

    def valid_value(self, value):
        return True  # checked against the queue by the service, which skips what changed

    def clean(self, value):
        values = super().clean(value)
        items = []
        for raw in values:
            pk, _sep, fingerprint = str(raw).partition(":")
            if not pk.isdigit() or not fingerprint or len(fingerprint) > 64:
                raise ValidationError(_("The list of selected items is damaged: reload the page."), code="invalid")
            items.append((int(pk), fingerprint))
        return items


class BulkReviewForm(forms.Form):
    """One decision and one written reason for the checked items, or for every item the filters match."""

    SELECTED, FILTERED = "selected", "filtered"

    scope = forms.ChoiceField(label=_("Apply to"), widget=forms.RadioSelect, initial=SELECTED,
                              choices=[(SELECTED, _("the items I checked")),
                                       (FILTERED, _("every item matching the filters"))])
    items = QueueItemsField(label=_("Items"), required=False, widget=forms.CheckboxSelectMultiple)
    outcome = forms.ChoiceField(label=_("Decision"), choices=OfficerReview.Outcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (kept with every record)"), widget=forms.Textarea(attrs={"rows": 3}),
                             min_length=5)
    matching = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.SELECTED and not cleaned.get("items") and "items" not in self.errors:
            self.add_error("items", _("Check the items to decide, or choose every item matching the filters."))
        return cleaned
