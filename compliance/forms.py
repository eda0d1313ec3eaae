"""Forms of the officer pages and the admin: a rule version (with its rule's code and set) and a review."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from compliance.models import VERSION_FIELDS, OfficerReview, Rule, RuleSet, RuleVersion
from compliance.selectors import QueueFilters
from compliance.validation import validate_countries


class CountryListField(forms.CharField):
    """Countries typed as ``RU, KZ``; stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip().upper() for part in value.replace(";", ",").split(",") if part.strip()]

    def validate(self, value):
        super().validate(value)
        try:
            validate_countries(value, "countries")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["countries"])


class PrettyJSONField(forms.JSONField):
    # JSON nested deeper than the decoder goes is invalid JSON to the officer too, not a RecursionError.
    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)  # shown back as typed, as Django does for bad JSON

    def prepare_value(self, value):
        if value is None:
            return ""  # an empty box for a new rule, not the word "null"
        if isinstance(value, str):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class RuleVersionForm(forms.ModelForm):
    """One version of a rule. Saving never changes a version: the service adds the next one."""

    rule_set = forms.ModelChoiceField(label=_("Rule set"), queryset=RuleSet.objects.order_by("code"))
    code = forms.CharField(label=_("Rule code"), max_length=60, help_text=_("e.g. JP-RU-ENGINE-1500"))
    condition = PrettyJSONField(label=_("Condition"), widget=forms.Textarea(attrs={"rows": 10, "class": "mono"}),
                                help_text=RuleVersion._meta.get_field("condition").help_text)
    destinations = CountryListField(label=_("Destinations"), required=False,
                                    help_text=RuleVersion._meta.get_field("destinations").help_text)
    citation_url = forms.URLField(label=_("Citation URL"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = RuleVersion
        fields = ["rule_set", "code", "description", "condition", "currency", "effect", "requirement", "message",
                  "citation_source", "citation_url", "confidence", "effective_from", "effective_to",
                  "destinations", "note"]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
            "message": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, rule: Rule | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule or (self.instance.rule if self.instance.pk else None)
        if self.rule is not None:
            self.fields["rule_set"].initial = self.rule.rule_set_id
            self.fields["code"].initial = self.rule.code
            self.fields["rule_set"].disabled = True
            self.fields["code"].disabled = True

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if self.rule is None and code and Rule.objects.filter(code=code).exists():
            self.add_error("code", _("A rule with this code exists: open it and publish a new version."))
        return cleaned

    def _post_clean(self):
        # Validate as a fresh version (RuleVersion.clean: condition, [U] never blocks, currency, dates).
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, RuleVersion(rule=self.rule), opts.fields,
                                                            opts.exclude)
            self.instance.version = 1
            self.instance.full_clean(exclude=["rule", "version"], validate_unique=False)
        except ValidationError as exc:
            self._update_errors(exc)

    def version_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in VERSION_FIELDS}


class RuleSetForm(forms.ModelForm):
    origin_countries = CountryListField(label=_("Origin countries"), required=False,
                                        help_text=RuleSet._meta.get_field("origin_countries").help_text)

    class Meta:
        model = RuleSet
        fields = ["code", "name", "authority", "kind", "origin_countries", "description", "active"]


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=OfficerReview.Outcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (kept with the record)"), widget=forms.Textarea(attrs={"rows": 4}),
                             min_length=5)


class EndRuleForm(forms.Form):
    effective_to = forms.DateField(label=_("No longer applies from"),
                                   widget=forms.DateInput(attrs={"type": "date"}))


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
