"""Forms of the accounts pages: buyer registration, approval decisions, merchant invitations."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.hooks import shipped_ports
from accounts.models import BuyerCompany, User, Yard
from core.codes import country_codes, country_name
from core.models import Location


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((code, country_name(code)) for code in country_codes()), key=lambda choice: choice[1])


def port_groups(country: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The ports of ``country`` by name, those the broker ships to first in their own group (a label of "" when
    there is one list only): the usual choice among Russia's 250 ports is at the top."""
    ports = Location.objects.filter(is_port=True, country=country).order_by("name").values_list("code", "name")
    choices = [(code, f"{name} ({code})") for code, name in ports]
    shipped = shipped_ports(country) if choices else set()
    first = [choice for choice in choices if choice[0] in shipped]
    if not first or len(first) == len(choices):
        return [("", choices)]
    return [(str(_("Ports we ship to")), first),
            (str(_("Other ports")), [choice for choice in choices if choice[0] not in shipped])]


def port_choices(country: str) -> list:
    """The port select's choices: the groups of ``port_groups`` as option groups, or the one list."""
    groups = port_groups(country)
    return groups[0][1] if len(groups) == 1 else [(label, choices) for label, choices in groups]


class BuyerRegistrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("I register as"), choices=BuyerCompany.Kind.choices,
                             initial=BuyerCompany.Kind.COMPANY, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Company or full name"), max_length=160)
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=64, required=False,
        help_text=_("Company registration or tax number; for a person, an identity document number."))
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A person registering for themselves: checked with the name against the sanctions lists."))
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City"), max_length=80)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}))
    default_port = forms.ChoiceField(
        label=_("Usual port of discharge"), required=False,
        help_text=_("The ports of your country; choose the country first."))
    first_name = forms.CharField(label=_("Contact person: first name"), max_length=150)
    last_name = forms.CharField(label=_("Contact person: last name"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    consignee_name = forms.CharField(label=_("Consignee name"), max_length=160, required=False,
                                     help_text=_("Who receives the cars; empty: yourself."))
    consignee_address = forms.CharField(label=_("Consignee address"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    consignee_phone = forms.CharField(label=_("Consignee phone"), max_length=40, required=False,
                                      widget=forms.TextInput(attrs={"type": "tel"}))
    notify_party = forms.CharField(label=_("Notify party"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Name, address and phone of whom the carrier tells on arrival."))
    username = forms.CharField(label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    company_fields = ("kind", "name", "registration_number", "birth_date", "country", "city", "address",
                      "default_port")
    contact_fields = ("first_name", "last_name", "phone")
    consignee_fields = ("consignee_name", "consignee_address", "consignee_phone", "notify_party")
    account_fields = ("username", "email", "password1", "password2")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country"))] + country_choices()
        country = (self.data.get("country") if self.is_bound else self.initial.get("country")) or ""
        self.fields["default_port"].choices = [("", _("Not yet known"))] + port_choices(country)
        self.fields["default_port"].widget.attrs.update({"data-ports-for": "id_country"})

    def section(self, names):
        return [self[name] for name in names]

    def company_section(self):
        return self.section(self.company_fields)

    def contact_section(self):
        return self.section(self.contact_fields)

    def consignee_section(self):
        return self.section(self.consignee_fields)

    def account_section(self):
        return self.section(self.account_fields)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("A user with that username already exists."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("kind") == BuyerCompany.Kind.COMPANY and not data.get("registration_number"):
            self.add_error("registration_number", _("A company gives its registration number."))
        born = data.get("birth_date")
        if data.get("kind") == BuyerCompany.Kind.COMPANY:
            data["birth_date"] = None  # a company has none; a value left in the hidden field is not kept
        elif born and not (dt.date(1900, 1, 1) <= born <= timezone.localdate()):
            self.add_error("birth_date", _("Enter a date of birth between 1900 and today."))
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            user = User(username=data.get("username", ""), email=data.get("email", ""),
                        first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def company_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.company_fields + self.consignee_fields}
        data["phone"] = self.cleaned_data["phone"]
        port = data["default_port"]
        data["default_port"] = Location.objects.filter(code=port, is_port=True).first() if port else None
        if not data["consignee_name"]:
            data["consignee_name"] = data["name"]
            data["consignee_address"] = data["consignee_address"] or data["address"]
            data["consignee_phone"] = data["consignee_phone"] or data["phone"]
        return data


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The buyer reads it."))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    yard = forms.ModelChoiceField(label=_("Yard"), queryset=Yard.objects.order_by("name"))


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class LocalizedPasswordResetForm(PasswordResetForm):
    """Django's reset form, writing to each user in the language they registered in."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        language = getattr(context.get("user"), "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)
