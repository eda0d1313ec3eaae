"""A vehicle's photos: the original (never served), and the web version and thumbnail a worker makes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.leases import Leased
from inventory.models.vehicles import Vehicle


def _photo_path(instance, filename):
    return f"photos/{instance.vehicle_id}/{filename}"


class VehiclePhoto(Leased):
    class State(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(upload_to=_photo_path, max_length=255)
    web = models.FileField(upload_to=_photo_path, max_length=255, blank=True)
    thumbnail = models.FileField(upload_to=_photo_path, max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_main = models.BooleanField(default=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROCESSING)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vehicle", "-is_main", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vehicle"], condition=Q(is_main=True), name="one_main_photo"),
        ]
        indexes = [models.Index(fields=["lease_expires"], condition=Q(state="processing"), name="photo_leased")]

    def __str__(self):
        return f"photo {self.pk} of {self.vehicle_id}"

