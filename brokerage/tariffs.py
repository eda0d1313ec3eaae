"""Russian landed-cost figures, kept as data with their source and date (estimates, not customs rulings).

Shown beside a quote for a car going to Russia so that a buyer expecting the RUB 3,400/5,200 personal-use
recycling fee learns before buying that a car over 160 hp pays the commercial scale (over RUB 1 M).
Change the figures here when the law changes; each table names its source and the date it was taken.
"""

from __future__ import annotations

from decimal import Decimal

D = Decimal

# --- Recycling fee (utilisation fee, утилизационный сбор), passenger cars (M1) ------------------------------
RECYCLING_SOURCE = "Vedomosti 2025-11-06; Government Decree 1291 (2012) as amended from 2025-12-01"
RECYCLING_AS_OF = "2025-12-01"
RECYCLING_BASE_RUB = D("20000")
# The personal-use rate (coefficient of the base) up to 160 hp: new (under 3 years) / older.
RECYCLING_PERSONAL = {"new": D("0.17"), "old": D("0.26")}  # RUB 3,400 / RUB 5,200
RECYCLING_PERSONAL_MAX_HP = 160
# Over 160 hp (personal use, from 2025-12-01) and commercial imports: the coefficient by power (hp, upper
# bound inclusive), new / older. Engines of 1-2 litres (the scale's middle rows); an estimate for others.
RECYCLING_BY_POWER = [
    (190, D("37.50"), D("61.70")),
    (220, D("39.70"), D("64.60")),
    (250, D("42.10"), D("67.40")),
    (280, D("47.60"), D("75.00")),
    (310, D("53.80"), D("81.80")),
    (340, D("60.90"), D("89.20")),
    (370, D("68.40"), D("97.50")),
    (None, D("76.80"), D("106.20")),
]
# Commercial rate (cars bought in another EAEU state from 2023-08-01, or over the personal limits), up to 160 hp.
RECYCLING_COMMERCIAL_UP_TO_160 = {"new": D("33.37"), "old": D("58.70")}

# --- Duty difference on routes through the EAEU (Kazakhstan, Kyrgyzstan, Armenia, Belarus) ---------------------
EAEU_SOURCE = "timesca.com; 360.ru (extra recycling fee = duty, VAT and excise difference, from 2024-04-01)"
EAEU_AS_OF = "2024-04-01"
EAEU_COUNTRIES = frozenset({"KZ", "KG", "AM", "BY"})

# --- Russian import duty for individuals (ETT, single customs payment) --------------------------------------
DUTY_SOURCE = "eng.customs.ru 1690 (EAEU single rates for individuals)"
DUTY_AS_OF = "2024-01-01"
# Cars under 3 years: (value up to EUR, percent of value, at least EUR per cc).
DUTY_UNDER_3_YEARS = [
    (D("8500"), D("54"), D("2.5")),
    (D("16700"), D("48"), D("3.5")),
    (D("42300"), D("48"), D("5.5")),
    (D("84500"), D("48"), D("7.5")),
    (None, D("48"), D("15")),
]
# Cars of 3 to 5 years, and over 5 years: EUR per cc by engine size (up to cc, inclusive).
DUTY_3_TO_5_YEARS = [(1000, D("1.5")), (1500, D("1.7")), (1800, D("2.5")), (2300, D("2.7")), (3000, D("3.0")),
                     (None, D("3.6"))]
DUTY_OVER_5_YEARS = [(1000, D("3.0")), (1500, D("3.2")), (1800, D("3.5")), (2300, D("4.8")), (3000, D("5.0")),
                     (None, D("5.7"))]

HP_PER_KW = D("1.35962")
