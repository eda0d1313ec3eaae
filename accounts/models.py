from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_country


class Yard(models.Model):
    """A merchant's stock yard. Its ``code`` prefixes stock numbers (TY-000123)."""

    code = models.CharField(
        _("code"), max_length=4, unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,4}$", _("Two to four capital letters."))],
    )
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    city = models.CharField(_("city"), max_length=80)
    address = models.TextField(_("address"), blank=True)
    nearest_port = models.ForeignKey(
        "core.Location", verbose_name=_("nearest port"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Last stock number issued; taken with UPDATE ... RETURNING so two merchants never share one.
    stock_counter = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("yard")

    def __str__(self):
        return f"{self.name} ({self.city}, {self.country})"


class BuyerCompany(models.Model):
    """An overseas buyer (a company or a person) with the consignee details documents need."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        PERSON = "person", _("Person")

    class Approval(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.COMPANY)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    city = models.CharField(_("city"), max_length=80)
    address = models.TextField(_("address"), blank=True)
    default_port = models.ForeignKey(
        "core.Location", verbose_name=_("default port"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    consignee_name = models.CharField(_("consignee name"), max_length=160, blank=True)
    consignee_address = models.TextField(_("consignee address"), blank=True)
    consignee_phone = models.CharField(_("consignee phone"), max_length=40, blank=True)
    notify_party = models.TextField(_("notify party"), blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=64, blank=True,
        help_text=_("Company registration or tax number; for a person, an identity document number."))
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True,
        help_text=_("For a person: screened against the sanctions lists together with the name."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Staff approve a self-registered buyer before it may trade; rows from before self-registration
    # were created by staff and were approved by the migration that added this.
    approval_status = models.CharField(_("approval"), max_length=10, choices=Approval.choices,
                                       default=Approval.PENDING, db_index=True)
    approval_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    approval_decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")

    def __str__(self):
        return f"{self.name} ({self.city}, {self.country})"


class User(AbstractUser):
    class Role(models.TextChoices):
        MERCHANT = "merchant", _("Yard merchant")
        BUYER = "buyer", _("Buyer")
        OFFICER = "officer", _("Compliance officer")
        STAFF = "staff", _("Broker staff")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.BUYER)
    yard = models.ForeignKey(Yard, verbose_name=_("yard"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="merchants")
    buyer = models.ForeignKey(BuyerCompany, verbose_name=_("buyer"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="users")
    preferred_currency = models.CharField(
        _("preferred currency"), max_length=3, blank=True, default="",
        help_text=_("Empty: the country's currency when it has a current exchange rate, else USD."))
    # The language the user signed up in: e-mails sent without a request (approval, notifications) use it.
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="merchant") | models.Q(yard__isnull=False),
                name="merchant_has_yard",
            ),
        ]

    @property
    def is_approved_buyer(self) -> bool:
        return self.is_buyer and self.buyer.approval_status == BuyerCompany.Approval.APPROVED

    @property
    def is_merchant(self) -> bool:
        return self.role == self.Role.MERCHANT

    @property
    def is_buyer(self) -> bool:
        return self.role == self.Role.BUYER and self.buyer_id is not None

    @property
    def is_officer(self) -> bool:
        return self.role == self.Role.OFFICER or self.is_superuser

    @property
    def is_broker_staff(self) -> bool:
        """Broker staff and officers see every yard's stock and every order."""
        return self.role in (self.Role.STAFF, self.Role.OFFICER) or self.is_superuser

    @property
    def country(self) -> str | None:
        if self.buyer_id:
            return self.buyer.country
        if self.yard_id:
            return self.yard.country
        return None


class MerchantInvitation(models.Model):
    """Staff invite a merchant to a yard by e-mail; the signed link is good for ``VALID_FOR``, once."""

    VALID_FOR = timedelta(days=7)

    email = models.EmailField(_("email"))
    yard = models.ForeignKey(Yard, verbose_name=_("yard"), on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("merchant invitation")
        verbose_name_plural = _("merchant invitations")

    def __str__(self):
        return f"{self.email} → {self.yard.code}"
