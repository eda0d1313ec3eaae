# Simplified Chinese as our buyers in Horgos and Urumqi read prices: grouped by thousands with commas
# ("12,329 USD", as CLDR and Babel write it). Django's own zh_Hans format groups nothing.
from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
