import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_currency


def _proof_path(instance, filename):
    # Private storage (MEDIA_ROOT is never served): the file name is random, the original kept in a field.
    return f"payment-proofs/{instance.order_id}/{uuid.uuid4().hex}"


class PaymentProof(models.Model):
    """A buyer's T/T receipt (PDF or image, checked by content), served only through an ownership view."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, awaiting the bank")
        ACCEPTED = "accepted", _("Matched to a payment")
        REJECTED = "rejected", _("Rejected")

    order = models.ForeignKey("brokerage.Order", on_delete=models.PROTECT, related_name="proofs")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to=_proof_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "created", "id"]
        verbose_name = _("payment proof")

    def __str__(self):
        return f"{self.order_id}: {self.original_name}"


class Payment(models.Model):
    """A T/T received, recorded by staff in the order's currency (append-only: corrections are new rows)."""

    order = models.ForeignKey("brokerage.Order", on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("bank reference"), max_length=80)
    proof = models.ForeignKey(PaymentProof, verbose_name=_("proof"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="payments")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]
        verbose_name = _("payment")

    def __str__(self):
        return f"{self.order_id}: {self.amount} {self.currency} {self.paid_on}"
