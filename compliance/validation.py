"""Validation shared by the models' clean(), the admin, the officer pages and the API."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from compliance.engine.conditions import ConditionError, parse, uses_money
from core.codes import is_country, is_currency


def validate_countries(codes, field: str) -> list[str]:
    cleaned = [str(code).strip().upper() for code in (codes or []) if str(code).strip()]
    bad = [code for code in cleaned if not is_country(code)]
    if bad:
        raise ValidationError({field: _("Unknown ISO 3166 country code(s): %(codes)s.") % {"codes": ", ".join(bad)}})
    return sorted(set(cleaned), key=cleaned.index)


def validate_condition(condition):
    """The parsed tree, or a ValidationError on ``condition`` naming the faulty part."""
    try:
        return parse(condition)
    except ConditionError as exc:
        raise ValidationError({"condition": _("Invalid condition at %(path)s: %(message)s")
                               % {"path": exc.path, "message": exc.message}})


def validate_rule_version(version) -> None:
    errors: dict[str, list[str]] = {}
    try:
        tree = validate_condition(version.condition)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        tree = None
    try:
        version.destinations = validate_countries(version.destinations, "destinations")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    version.currency = (version.currency or "").strip().upper()
    if tree is not None and uses_money(tree) and len(version.currency) != 3:
        errors.setdefault("currency", []).append(
            _("The condition compares the customs value: say which currency its amounts are in (e.g. JPY)."))
    if version.currency and not is_currency(version.currency):
        errors.setdefault("currency", []).append(_("Use a three-letter ISO 4217 currency code."))
    if version.confidence == "U" and version.effect == "block":
        errors.setdefault("effect", []).append(
            _("A rule with confidence U (single or second-hand source) may not block: make it a review."))
    if version.effect == "require" and not (version.requirement or "").strip():
        errors.setdefault("requirement", []).append(_("Name the document or clause this rule requires."))
    if version.effective_to and version.effective_from and version.effective_to <= version.effective_from:
        errors.setdefault("effective_to", []).append(_("The end date must be after the start date."))
    if errors:
        raise ValidationError(errors)
