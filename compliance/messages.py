"""What compliance tells merchants, by message key (registered with the notifications app at start-up).

The texts are lazy: a notification stores the key and its parameters and is rendered in its reader's
language (``notifications.messages``). Plural forms count ``params["count"]``.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.messages import message_register

DECISIONS_CHANGED = "compliance.decisions_changed"
UPCOMING_CHANGED = "compliance.upcoming_changed"
UPCOMING_BLOCKED = "compliance.upcoming_blocked"
UPCOMING_REVIEW = "compliance.upcoming_review"
UPCOMING_CLEAR = "compliance.upcoming_clear"
UPCOMING_BY_DECISION = {"blocked": UPCOMING_BLOCKED, "review": UPCOMING_REVIEW, "clear": UPCOMING_CLEAR}

MESSAGES = {
    DECISIONS_CHANGED: ngettext_lazy("%(count)d of your vehicles changed export decision",
                                     "%(count)d of your vehicles changed export decision", "count"),
    UPCOMING_CHANGED: ngettext_lazy("From %(date)s, %(count)d of your vehicles will change export decision",
                                    "From %(date)s, %(count)d of your vehicles will change export decision", "count"),
    UPCOMING_BLOCKED: ngettext_lazy("From %(date)s, %(count)d of your vehicles will be blocked for %(country)s",
                                    "From %(date)s, %(count)d of your vehicles will be blocked for %(country)s",
                                    "count"),
    UPCOMING_REVIEW: ngettext_lazy(
        "From %(date)s, %(count)d of your vehicles will need an officer's review for %(country)s",
        "From %(date)s, %(count)d of your vehicles will need an officer's review for %(country)s", "count"),
    UPCOMING_CLEAR: ngettext_lazy("From %(date)s, %(count)d of your vehicles will be clear for %(country)s",
                                  "From %(date)s, %(count)d of your vehicles will be clear for %(country)s", "count"),
}
EMAIL_NOTE = _("Rules change; every decision is explained on the vehicle's compliance check.")


def register() -> None:
    for key, title in MESSAGES.items():
        message_register(key, title=title)
