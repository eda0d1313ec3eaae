"""Notifications: a message to one user, shown in the app and sent by email once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.messages import message_render


class Notification(models.Model):
    """``key`` names what the notification is about (e.g. ``rescreen-run:42``): a sender that retries finds
    the notification it made and tells nobody twice. ``payload`` is the sender's data for the page.

    ``message_key`` and ``params`` say what to tell (``notifications.messages``): the text is made in the
    reader's language when it is read. ``title`` and ``body`` keep the text as sent, in the site's default
    language, for the admin's search and for a key no longer registered."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=100, blank=True, default="")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    payload = models.JSONField(default=dict, blank=True)
    message_key = models.CharField(max_length=100, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""),
                                               name="one_notification_per_key")]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return message_render(self.message_key, self.params, fallback=self.title)

    @property
    def display_body(self) -> str:
        return message_render(self.message_key, self.params, part="body", fallback=self.body)
