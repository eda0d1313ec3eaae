"""The rules the project ships (../shared/docs/regulations.md), as data.

Loaded by migration 0003 and by ``seed_demo`` through ``services.rules_load_defaults()``.
[U] rules are ``review``, never ``block``. URLs are built from the source identifiers of
regulations.md; an officer can correct any of them by publishing a new version.
"""

from compliance.engine.countries import EU_MEMBERS

ALWAYS: dict = {"all": []}
M1 = {"fact": "category", "op": "eq", "value": "M1"}
HYBRID_OR_ELECTRIC = ["hybrid", "plugin_hybrid", "range_extender", "electric"]  # range extenders are hybrids
EAEU_TO_RU = {"fact": "route_crosses_eaeu", "op": "eq", "value": True}
POLICY_DESTINATIONS = ["KZ", "KG", "AM", "GE", "AE", "TR"]

RULE_SETS = [
    {
        "code": "jp-ru-export", "name": "Japan → Russia export bans", "kind": "law", "origin_countries": ["JP"],
        "authority": "Japan METI: Foreign Exchange and Foreign Trade Act; Export Trade Control Order",
        "rules": [
            dict(code="JP-RU-LUXURY-CAR", effective_from="2022-04-05", effect="block", currency="JPY",
                 condition={"all": [M1, {"fact": "customs_value", "op": "gt", "value": "6000000"}]},
                 message="Passenger cars with a customs value over JPY 6,000,000 (luxury goods) may not be "
                         "exported from Japan to Russia.",
                 citation_source="Japan Times 2022-03-29; Asahi AJW 14585962",
                 citation_url="https://www.asahi.com/ajw/articles/14585962"),
            dict(code="JP-RU-TRUCK", effective_from="2022-06-17", effect="block",
                 condition={"any": [{"fact": "category", "op": "in", "value": ["N2", "N3"]},
                                    {"fact": "body_type", "op": "in", "value": ["truck", "machinery"]}]},
                 message="Trucks (including dump trucks) and bulldozers may not be exported from Japan to Russia.",
                 citation_source="TASS economy/1463203; mobi-navi.com",
                 citation_url="https://tass.com/economy/1463203"),
            dict(code="JP-RU-LIGHT-TRUCK-SCOPE", effective_from="2022-06-17", effect="review", confidence="U",
                 condition={"all": [{"fact": "category", "op": "eq", "value": "N1"},
                                    {"fact": "body_type", "op": "not_in", "value": ["truck", "machinery"]}]},
                 message="Light commercial vehicle (N1): reports say the 2022 truck ban covers mostly 5-20 t GVW; "
                         "the scope by weight is uncertain, so an officer must review.",
                 note="[U] The weight scope of the truck ban is second-hand: review, not block.",
                 citation_source="mobi-navi.com (GVW scope)", citation_url="https://mobi-navi.com/?p=11678"),
            dict(code="JP-RU-HEAVY-TRUCK", effective_from="2023-04-07", effect="block",
                 condition={"fact": "gross_weight_kg", "op": "ge", "value": 20000},
                 message="Heavy trucks of 20 t gross vehicle weight and over may not be exported from Japan to "
                         "Russia.",
                 citation_source="mobi-navi.com/?p=11678", citation_url="https://mobi-navi.com/?p=11678"),
            dict(code="JP-RU-ENGINE-1900", effective_from="2023-08-09", effect="block",
                 condition={"all": [M1, {"fact": "fuel", "op": "in", "value": ["petrol", "diesel"]},
                                    {"fact": "engine_cc", "op": "gt", "value": 1900}]},
                 message="Petrol or diesel cars with an engine over 1,900 cc may not be exported from Japan to "
                         "Russia (1,900 cc itself is allowed).",
                 citation_source="JETRO biznews 2023/08/8c5092b1dbf5d269; NHK k10014145431000",
                 citation_url="https://www.jetro.go.jp/biznews/2023/08/8c5092b1dbf5d269.html"),
            dict(code="JP-RU-HYBRID-EV", effective_from="2023-08-09", effect="block",
                 condition={"all": [M1, {"fact": "fuel", "op": "in", "value": HYBRID_OR_ELECTRIC}]},
                 message="Hybrid, plug-in hybrid, range-extender and electric cars may not be exported from Japan "
                         "to Russia.",
                 citation_source="JETRO biznews 2023/08/8c5092b1dbf5d269; NHK k10014145431000",
                 citation_url="https://www.jetro.go.jp/biznews/2023/08/8c5092b1dbf5d269.html"),
            dict(code="JP-RU-MILD-HYBRID", effective_from="2023-08-09", effect="review", confidence="U",
                 condition={"all": [M1, {"fact": "fuel", "op": "eq", "value": "mild_hybrid"}]},
                 message="Mild hybrid: banned with all hybrids in 2023, reportedly allowed again by a late-2024 "
                         "reinterpretation seen only in Russian media. An officer must review.",
                 note="[U] Single second-hand source: review, not clear and not block.",
                 citation_source="theins.press 276169", citation_url="https://theins.press/news/276169"),
            dict(code="JP-RU-MOTORCYCLE", effective_from="2025-01-23", effect="block",
                 condition={"any": [{"fact": "category", "op": "eq", "value": "L"},
                                    {"fact": "body_type", "op": "eq", "value": "motorcycle"}]},
                 message="Motorcycles, mopeds included, may not be exported from Japan to Russia.",
                 citation_source="trafficnews.jp/post/510252", citation_url="https://trafficnews.jp/post/510252"),
        ],
    },
    {
        "code": "eu-833-2014", "name": "EU Regulation 833/2014 (Russia)", "kind": "law",
        "origin_countries": list(EU_MEMBERS), "authority": "European Union, Council Regulation (EU) 833/2014",
        "rules": [
            dict(code="EU-RU-LUXURY-CAR", effective_from="2022-03-15", effect="block", currency="EUR",
                 condition={"all": [M1, {"fact": "customs_value", "op": "gt", "value": "50000"}]},
                 message="Annex XVIII / Art. 3h: cars over EUR 50,000 may not be exported from the EU to Russia.",
                 citation_source="Regulation (EU) 2022/428", citation_url="https://eur-lex.europa.eu/eli/reg/2022/428/oj"),
            dict(code="EU-RU-LUXURY-MOTORCYCLE", effective_from="2022-03-15", effect="block", currency="EUR",
                 condition={"all": [{"any": [{"fact": "category", "op": "eq", "value": "L"},
                                             {"fact": "body_type", "op": "eq", "value": "motorcycle"}]},
                                    {"fact": "customs_value", "op": "gt", "value": "5000"}]},
                 message="Annex XVIII / Art. 3h: motorcycles over EUR 5,000 may not be exported from the EU to "
                         "Russia.",
                 citation_source="Regulation (EU) 2022/428", citation_url="https://eur-lex.europa.eu/eli/reg/2022/428/oj"),
            dict(code="EU-RU-ENGINE-1900", effective_from="2023-06-24", effect="block",
                 condition={"all": [M1, {"fact": "engine_cc", "op": "gt", "value": 1900}]},
                 message="Annex XXIII (11th package): new and used cars over 1,900 cm3 may not be exported from "
                         "the EU to Russia.",
                 citation_source="Regulation (EU) 2023/1214 (11th package)",
                 citation_url="https://eur-lex.europa.eu/eli/reg/2023/1214/oj"),
            dict(code="EU-RU-HYBRID-EV", effective_from="2023-06-24", effect="block",
                 condition={"all": [M1, {"fact": "fuel", "op": "in",
                                         "value": ["mild_hybrid", *HYBRID_OR_ELECTRIC]}]},
                 message="Annex XXIII (11th package): all electric and hybrid cars may not be exported from the EU "
                         "to Russia.",
                 citation_source="Regulation (EU) 2023/1214 (11th package)",
                 citation_url="https://eur-lex.europa.eu/eli/reg/2023/1214/oj"),
        ],
    },
    {
        "code": "ru-eaeu-import", "name": "Russia: imports routed through the EAEU", "kind": "law",
        "origin_countries": [], "authority": "Russian Federation (recycling fee, customs duties)",
        "rules": [
            dict(code="RU-EAEU-COMMERCIAL-RECYCLING-FEE", effective_from="2023-10-29", effect="info",
                 condition=EAEU_TO_RU,
                 message="Cars bought in another EAEU state (from 2023-08-01) pay the commercial recycling-fee "
                         "rate when brought into Russia.",
                 citation_source="Rossiyskaya Gazeta via socialbites.ca", citation_url="https://socialbites.ca/"),
            dict(code="RU-EAEU-DUTY-PROOF", effective_from="2024-04-01", effect="require", condition=EAEU_TO_RU,
                 requirement="Declared customs value and proof of duties paid",
                 message="A car cleared in another EAEU state pays, on entering Russia, an extra recycling fee equal "
                         "to the difference in duty, VAT and excise versus clearing in Russia.",
                 citation_source="timesca.com; 360.ru", citation_url="https://timesca.com/"),
            dict(code="RU-RECYCLING-FEE-POWER", effective_from="2025-12-01", effect="info",
                 condition={"fact": "power_hp", "op": "gt", "value": 160},
                 message="Recycling fee = base rate x power coefficient; the personal-use rate (RUB 3,400 new / "
                         "5,200 older) applies only up to 160 hp.",
                 citation_source="Vedomosti 2025-11-06", citation_url="https://www.vedomosti.ru/"),
            dict(code="RU-EAEU-PERSONAL-IMPORT", effective_from="2026-04-01", effect="review", confidence="U",
                 condition=EAEU_TO_RU,
                 message="Reported: the duty difference will also apply to individuals' personal imports from the "
                         "EAEU. An officer must review.",
                 note="[U] Reported by iguides.ru and auto.rambler.ru only: review, not block.",
                 citation_source="iguides.ru; auto.rambler.ru", citation_url="https://www.iguides.ru/"),
            dict(code="RU-PERSONAL-DUTY-UNDER-3Y", effective_from="2010-07-01", effect="info",
                 condition={"fact": "age_months", "op": "lt", "value": 36},
                 message="Russian individual import duty for cars under 3 years: value up to EUR 8,500: 54 % but at "
                         "least EUR 2.5/cc; EUR 8,500-16,700: 48 % but at least EUR 3.5/cc; EUR 16,700-42,300: 48 % "
                         "but at least EUR 5.5/cc.",
                 note="The source gives no start date; dated from the EAEU's common personal-import rates.",
                 citation_source="eng.customs.ru 1690", citation_url="https://eng.customs.gov.ru/"),
        ],
        "destinations": ["RU"],
    },
    {
        "code": "cn-export", "name": "China: used-car exports (MOFCOM)", "kind": "law", "origin_countries": ["CN"],
        "authority": "Ministry of Commerce of the PRC (MOFCOM)",
        "rules": [
            dict(code="CN-USED-CAR-PILOT", effective_from="2019-05-01", effective_to="2024-03-01", effect="info",
                 condition=ALWAYS, message="Used-car exports run as a pilot in 10 regions.",
                 citation_source="Asia Times 2019-05", citation_url="https://asiatimes.com/"),
            dict(code="CN-EXPORT-LICENCE", effective_from="2024-03-01", effect="require", condition=ALWAYS,
                 requirement="MOFCOM used-car export licence",
                 message="Used cars are exported nationwide under a licence (MOFCOM Announcement 6/2024).",
                 citation_source="critmin.org 9914", citation_url="https://www.critmin.org/?p=9914"),
            dict(code="CN-ZERO-KM", effective_from="2026-01-01", effect="require",
                 condition={"fact": "registration_age_days", "op": "le", "value": 180},
                 requirement="Maker's sealed after-sales service confirmation for the destination country",
                 message='"Zero-kilometre" used car (registered 180 days or less before export): without the '
                         "maker's after-sales confirmation for the destination country there is no licence.",
                 citation_source="MOFCOM Shang Mao Han [2025] 648", citation_url="https://www.mofcom.gov.cn/"),
            dict(code="CN-EV-LICENCE", effective_from="2026-01-01", effect="require",
                 condition={"fact": "fuel", "op": "eq", "value": "electric"},
                 requirement="Export licence for pure electric vehicles",
                 message="Pure electric cars need an export licence.",
                 citation_source="Shang Chan Fa [2012] 318, as extended 2025-09",
                 citation_url="https://www.mofcom.gov.cn/"),
        ],
    },
    {
        "code": "ke-import", "name": "Kenya: import rules", "kind": "law", "origin_countries": [],
        "authority": "Kenya (KEBS)", "destinations": ["KE"],
        "rules": [
            dict(code="KE-RHD-ONLY", effective_from="2026-01-01", effect="block",
                 condition={"fact": "steering", "op": "eq", "value": "lhd"},
                 message="Kenya imports right-hand-drive cars only.",
                 citation_source="hapakenya 2025-11-14", citation_url="https://www.hapakenya.com/"),
            dict(code="KE-REGISTERED-FROM-2019", effective_from="2026-01-01", effect="block",
                 condition={"any": [{"fact": "first_registration", "op": "lt", "value": "2019-01-01"},
                                    {"all": [{"fact": "first_registration", "op": "is_null", "value": True},
                                             {"fact": "year", "op": "lt", "value": 2019}]}]},
                 message="Kenya imports cars first registered on or after 2019-01-01 only.",
                 citation_source="hapakenya 2025-11-14", citation_url="https://www.hapakenya.com/"),
            dict(code="KE-QISJ-CERTIFICATE", effective_from="2026-01-01", effect="require",
                 condition={"fact": "origin", "op": "eq", "value": "JP"},
                 requirement="QISJ roadworthiness certificate",
                 message="Cars from Japan need a QISJ roadworthiness certificate.",
                 citation_source="hapakenya 2025-11-14", citation_url="https://www.hapakenya.com/"),
        ],
    },
    {
        "code": "tz-import", "name": "Tanzania: import rules", "kind": "law", "origin_countries": [],
        "authority": "Tanzania Bureau of Standards (TBS)", "destinations": ["TZ"],
        "rules": [
            dict(code="TZ-TBS-INSPECTION-FEE", effective_from="2022-01-01", effect="info", condition=ALWAYS,
                 message="TBS pre-shipment inspection fee: 0.5 % / 0.45 % / 0.25 % of FOB, min USD 250, "
                         "max USD 5,000.",
                 note="The source gives no start date; shown as information.",
                 citation_source="export2tanzania.com", citation_url="https://www.export2tanzania.com/"),
        ],
    },
    {
        "code": "house-reexport", "name": "House policy: no re-export to Russia", "kind": "policy", "scope": "sale",
        "origin_countries": [], "authority": "Broker's own policy (not law)", "destinations": POLICY_DESTINATIONS,
        "description": "Art. 12g does not cover cars and the EU keeps no list of high-risk transit countries: this "
                       "is the broker's choice, not law.",
        "rules": [
            dict(code="HOUSE-REEXPORT-REVIEW", effective_from="2022-03-15", effect="review", confidence="U",
                 condition=ALWAYS,
                 message="Car sold to a country through which cars reach Russia (EU car exports to Kyrgyzstan x80, "
                         "Kazakhstan x6 after the bans): an officer must review the buyer.",
                 note="[U] House policy on trade data: review, never block.",
                 citation_source="Broker house policy; EU trade data after Reg. 833/2014",
                 citation_url="https://eur-lex.europa.eu/eli/reg/2014/833/oj"),
            dict(code="HOUSE-NO-REEXPORT-CLAUSE", effective_from="2022-03-15", effect="require", confidence="U",
                 condition=ALWAYS, requirement="No re-export to Russia clause in the sales contract",
                 message="The sales contract must carry a no-re-export-to-Russia clause.",
                 note="[U] House policy.", citation_source="Broker house policy",
                 citation_url="https://eur-lex.europa.eu/eli/reg/2014/833/oj"),
            dict(code="HOUSE-CN-ZERO-KM-EAEU", effective_from="2024-03-01", effect="review", confidence="U",
                 condition={"all": [{"fact": "origin", "op": "eq", "value": "CN"},
                                    {"any": [{"fact": "registration_age_days", "op": "le", "value": 180},
                                             {"fact": "mileage_km", "op": "lt", "value": 500}]}]},
                 destinations=["KZ", "KG", "RU"],
                 message="Near-new car from China to Kazakhstan, Kyrgyzstan or Russia: the parallel "
                         '("zero-km") export pattern via Horgos and Kashgar. An officer must review the route.',
                 note="[U] Pattern described in regulations.md, not a law.",
                 citation_source="MOFCOM Shang Mao Han [2025] 648 (context)", citation_url="https://www.mofcom.gov.cn/"),
        ],
    },
]


def default_rules():
    """(rule set fields, [rule version fields]) with every rule's destinations and confidence filled in."""
    for data in RULE_SETS:
        data = dict(data)
        rules = data.pop("rules")
        set_destinations = data.pop("destinations", None)
        if data["code"] in ("jp-ru-export", "eu-833-2014"):
            set_destinations = ["RU"]
        versions = []
        for rule in rules:
            rule = {"confidence": "S", "currency": "", "requirement": "", "note": "", "description": "",
                    "effective_to": None, "destinations": list(set_destinations or []), **rule}
            if not rule["description"]:
                rule["description"] = rule["message"]
            versions.append(rule)
        yield data, versions
