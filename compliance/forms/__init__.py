"""Forms of the officer pages and the admin, one module per subject: rules (with the condition builder) and
reviews."""

from .reviews import BulkReviewForm, QueueFilterForm, ReviewForm
from .rules import (
    BUILDER,
    JSON,
    CountryListField,
    EndRuleForm,
    PrettyJSONField,
    RuleSetForm,
    RuleVersionForm,
    builder_condition,
    builder_for,
)

__all__ = ["BUILDER", "JSON", "BulkReviewForm", "CountryListField", "EndRuleForm", "PrettyJSONField",
           "QueueFilterForm", "ReviewForm", "RuleSetForm", "RuleVersionForm", "builder_condition", "builder_for"]
