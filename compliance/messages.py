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


# Screening explanations: stored as [{"key", "params"}] with each hit, rendered in the reader's language.
HOW = {
    "exact": _("the same"),
    "variant": _("a spelling variant of the same name"),
    "typo": _("alike but for a typo"),
    "initial": _("an initial"),
}
EXPLANATIONS = {
    "alias_matched": _("Matched the listed alias “%(alias)s”."),
    "transliterated": _("Transliterated from %(script)s: “%(original)s” reads “%(latin)s”."),
    "legal_form_ignored": _("Legal forms set aside (they neither make nor prevent a match): %(forms)s."),
    "honorific_ignored": _("Titles set aside: %(titles)s."),
    "parts_joined": _("The same letters written as one word or several: “%(query)s” and “%(listed)s”."),
    "part_aligned": _("Name part “%(query)s” aligned with listed “%(listed)s”: %(how)s (%(similarity)s)."),
    "query_part_unmatched": _("Name part “%(part)s” has no counterpart in the listed name."),
    "query_patronymic_ignored": _("Patronymic “%(part)s” is not in the listed name and counts little."),
    "patronymic_missing": _("Listed patronymic “%(part)s” was not given and counts little."),
    "listed_part_missing": _("Listed middle name “%(part)s” was not given."),
    "listed_part_unmatched": _("Listed name part “%(part)s” has no counterpart."),
    "order_differs": _("Name parts are in another order (order is ignored)."),
    "alias_low_quality": _("The alias is of low quality on the list (%(effect)+.2f)."),
    "country_match": _("Country %(country)s is one of the entry's countries (%(effect)+.2f)."),
    "country_mismatch": _("Country %(country)s is not among the entry's countries %(listed)s (%(effect)+.2f)."),
    "birth_date_exact": _("Birth date %(date)s is the listed one (%(effect)+.2f)."),
    "birth_year_match": _("Birth date %(date)s agrees with the listed %(listed)s (%(effect)+.2f)."),
    "birth_date_mismatch": _("Birth date %(date)s differs from the listed %(listed)s (%(effect)+.2f)."),
    "score": _("Score %(score).2f (names alone %(name_score).2f); a hit from %(threshold).2f."),
}


def explain(steps) -> list[str]:
    """A hit's stored explanation steps as sentences in the active language (unknown keys are skipped)."""
    sentences = []
    for step in steps or []:
        text = EXPLANATIONS.get(step.get("key"))
        if text is None:
            continue
        params = dict(step.get("params") or {})
        if "how" in params:
            params["how"] = HOW.get(params["how"], params["how"])
        if "similarity" in params:
            params["similarity"] = f"{float(params['similarity']):.0%}"
        try:
            sentences.append(str(text) % params)
        except (KeyError, TypeError, ValueError):
            sentences.append(str(text))
    return sentences
