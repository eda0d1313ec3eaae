"""The vehicle choices the compliance engine tests, as plain value sets (no Django).

They mirror ``inventory.models`` (``Fuel``, ``Transmission``, ...); ``tests/compliance/test_choices.py``
fails when the two drift apart. Same order as the model choices: error messages list them.
"""

FUELS = ("petrol", "diesel", "hybrid", "mild_hybrid", "plugin_hybrid", "range_extender", "electric", "lpg", "cng",
         "hydrogen")
TRANSMISSIONS = ("automatic", "manual", "cvt", "other")
DRIVES = ("2wd", "4wd", "awd")
STEERINGS = ("rhd", "lhd")
BODY_TYPES = ("sedan", "hatchback", "wagon", "suv", "van", "minivan", "pickup", "coupe", "convertible", "truck",
              "bus", "motorhome", "tractor", "forklift", "machinery", "motorcycle")
CATEGORIES = ("M1", "M2", "M3", "N1", "N2", "N3", "L", "special")

# What a rule set judges: the car itself (catalog badges, exportable_to, vehicle re-screening), or the sale
# (orders: a house policy about who buys, decided once per order by an officer)
SCOPES = ("vehicle", "sale")
VEHICLE_SCOPE, SALE_SCOPE = SCOPES

# the vehicle fields a rule can test against one of these sets
VEHICLE_CHOICES: dict[str, tuple[str, ...]] = {
    "fuel": FUELS, "transmission": TRANSMISSIONS, "drive": DRIVES, "steering": STEERINGS, "body_type": BODY_TYPES,
    "category": CATEGORIES,
}
