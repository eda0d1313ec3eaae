"""Country groups the default rules and the route facts use. Which codes exist is ``core.codes``'s to say."""

EU_MEMBERS = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)

# Eurasian Economic Union states a car can be cleared in before it is driven on to Russia.
EAEU_TRANSIT = frozenset({"KZ", "KG", "AM", "BY"})
