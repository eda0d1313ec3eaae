"""What happens to a vehicle beside its own fields (its photos), kept beside its field history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models.vehicles import Vehicle


class VehicleEvent(models.Model):
    """Append-only: one row per photo added, removed or reordered (the history page shows them in its timeline).

    Rows are only ever inserted (by ``inventory.services.photos``); nothing updates or deletes them.
    """

    class Kind(models.TextChoices):
        PHOTO_ADDED = "photo_added", _("Photo added")
        PHOTO_REMOVED = "photo_removed", _("Photo removed")
        PHOTOS_REORDERED = "photos_reordered", _("Photos reordered")
        MAIN_PHOTO_CHANGED = "main_photo_changed", _("Main photo changed")

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices)
    # Not a foreign key: the event outlives a deleted photo.
    photo_id = models.BigIntegerField(_("photo"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["vehicle", "-at"], name="vehicle_event_timeline")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.vehicle_id})"
