"""Forms of rules, for the officer pages and the admin: a rule version (with its rule's code and set), a rule
set, and the end of a rule."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from compliance.engine.builder import NotBuildable, Row, from_builder, path_owner, to_builder
from compliance.engine.conditions import ConditionError, parse
from compliance.models import VERSION_FIELDS, Rule, RuleSet, RuleVersion
from compliance.validation import validate_countries

from .builder import blank_builder, builder_apply, builder_from_post, builder_tidy, fact_label

BUILDER, JSON = "builder", "json"


def builder_condition(builder) -> tuple[dict, str | None]:
    """The JSON condition of the builder's filled rows, and the engine's objection if it has one, said on the
    row it is about (the row's ``error`` is set for the page)."""
    condition = from_builder(builder)
    builder_tidy(builder)
    try:
        parse(condition)
    except ConditionError as exc:
        owner = path_owner(builder, exc.path)
        if isinstance(owner, Row):
            owner.error = exc.message
            return condition, _("Row %(number)d (%(fact)s): %(message)s") % {
                "number": owner.number, "fact": fact_label(owner.fact) if owner.fact else "—", "message": exc.message}
        if owner is not None:
            owner.error = exc.message
        return condition, _("Invalid condition at %(path)s: %(message)s") % {"path": exc.path, "message": exc.message}
    return condition, None


def builder_for(condition) -> tuple:
    """The builder for a stored condition and where the page should read it from: the builder when it shows
    the condition exactly (same meaning once parsed), else the JSON field (the builder is then None or a
    close reading the officer may switch to)."""
    if condition in (None, "", {}):
        return blank_builder(), BUILDER
    try:
        builder = to_builder(condition)
        same = parse(from_builder(builder)) == parse(condition)
    except (NotBuildable, ConditionError, TypeError):
        return None, JSON
    return builder, BUILDER if same else JSON


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
    condition_source = forms.ChoiceField(
        label=_("The condition is written with"), required=False, widget=forms.RadioSelect, initial=BUILDER,
        choices=[(BUILDER, _("the builder")), (JSON, _("JSON (for experts)"))])
    condition = PrettyJSONField(label=_("Condition as JSON"), required=False,
                                widget=forms.Textarea(attrs={"rows": 10, "class": "mono", "spellcheck": "false"}),
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

    def __init__(self, *args, rule: Rule | None = None, builder_action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule or (self.instance.rule if self.instance.pk else None)
        if self.rule is not None:
            self.fields["rule_set"].initial = self.rule.rule_set_id
            self.fields["code"].initial = self.rule.code
            self.fields["rule_set"].disabled = True
            self.fields["code"].disabled = True
        self.builder_error = None
        self.builder_action = builder_action
        if self.is_bound:
            try:
                self.builder = builder_from_post(self.data)
            except ValidationError as exc:
                self.builder, self.builder_error = None, exc
            if self.builder is not None and builder_action:
                builder_apply(self.builder, builder_action)
        else:
            self.builder, source = builder_for(self.initial.get("condition"))
            self.initial["condition_source"] = source
        if self.builder is not None:
            builder_tidy(self.builder)

    def full_clean(self):
        if self.builder_action:  # a builder button without JavaScript: show the form again, judge it later
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    @property
    def source(self) -> str:
        """Where the condition is read from: the builder's rows, or the JSON field (the admin has only that)."""
        if not self.is_bound:
            return self.initial.get("condition_source", BUILDER)
        wanted = self.data.get("condition_source") or (BUILDER if self.data.getlist("builder-node") else JSON)
        return BUILDER if wanted == BUILDER and (self.builder is not None or self.builder_error) else JSON

    def clean_condition_source(self):
        return self.source

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if self.rule is None and code and Rule.objects.filter(code=code).exists():
            self.add_error("code", _("A rule with this code exists: open it and publish a new version."))
        if self.source == BUILDER:
            self._clean_builder(cleaned)
        elif cleaned.get("condition") is None and "condition" not in self.errors:
            self.add_error("condition", forms.Field.default_error_messages["required"])
        return cleaned

    def _clean_builder(self, cleaned) -> None:
        """The builder's rows become the condition (shown back in the JSON field); an error the engine finds
        is put on the row (or group) its path names."""
        if self.builder_error is not None:
            self.add_error("condition", self.builder_error)
            return
        self.errors.pop("condition", None)  # the JSON field is only a mirror of the rows now
        condition, message = builder_condition(self.builder)
        cleaned["condition"] = condition
        self.data = self.data.copy()
        self.data["condition"] = json.dumps(condition, indent=2, ensure_ascii=False)
        if message:
            self.add_error("condition", message)

    def _post_clean(self):
        # Validate as a fresh version (RuleVersion.clean: condition, [U] never blocks, currency, dates).
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, RuleVersion(rule=self.rule), opts.fields,
                                                            opts.exclude)
            self.instance.version = 1
            self.instance.full_clean(exclude=["rule", "version"], validate_unique=False)
        except ValidationError as exc:
            if "condition" in self.errors and hasattr(exc, "error_dict"):
                exc.error_dict.pop("condition", None)  # said once, on the row, already
            self._update_errors(exc)

    def version_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in VERSION_FIELDS}


class RuleSetForm(forms.ModelForm):
    origin_countries = CountryListField(label=_("Origin countries"), required=False,
                                        help_text=RuleSet._meta.get_field("origin_countries").help_text)

    class Meta:
        model = RuleSet
        fields = ["code", "name", "authority", "kind", "scope", "origin_countries", "description", "active"]


class EndRuleForm(forms.Form):
    effective_to = forms.DateField(label=_("No longer applies from"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
