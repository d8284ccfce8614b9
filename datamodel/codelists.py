"""Code lists of data model v1.

Code lists are data: where Plandata publishes its own code-list layers they replace these.
Labels we could not verify against Plandata are marked provisional.
"""

from __future__ import annotations

from typing import Any

from .schema import Code, CodeList


def _codes(*rows: tuple[Any, ...]) -> tuple[Code, ...]:
    return tuple(Code(*row) for row in rows)


ERHVERVSAREAL_STATUS = CodeList(
    "erhvervsareal_status",
    "Status for erhvervsareal",
    "Business site status",
    _codes(
        ("ledig", "Ledig", "Available"),
        ("delvist_ledig", "Delvist ledig", "Partly available"),
        ("reserveret", "Reserveret", "Reserved"),
        ("i_udbud", "I udbud", "Offered for sale"),
        ("fremtidig", "Fremtidig", "Future"),
    ),
)

ANVENDELSE_GENEREL = CodeList(
    "anvendelse_generel",
    "Generel anvendelse (Plandata anvgen)",
    "General use (Plandata anvgen)",
    _codes(
        ("11", "Boligområde", "Residential area"),
        ("21", "Blandet bolig og erhverv", "Mixed housing and business"),
        ("31", "Erhvervsområde", "Business area"),
        ("41", "Centerområde", "Centre area"),
        ("51", "Rekreativt område", "Recreational area"),
        ("61", "Sommerhusområde", "Holiday-home area", True),
        ("71", "Område til offentlige formål", "Area for public purposes"),
        ("81", "Tekniske anlæg", "Technical installations"),
        ("91", "Landområde", "Rural area"),
        ("96", "Andet", "Other"),
    ),
    source="Plandata.dk lokalplaner (anvgen/anvendelsegenerel)",
)

ANVENDELSE_SPECIFIK = CodeList(
    "anvendelse_specifik",
    "Specifik anvendelse (Plandata anvspec)",
    "Specific use (Plandata anvspec)",
    _codes(
        ("3100", "Erhvervsområde, ikke nærmere angivet", "Business, unspecified", True),
        ("3110", "Kontor og serviceerhverv", "Offices and services", True),
        ("3115", "Lettere erhverv", "Light industry", True),
        ("3120", "Industri", "Industry", True),
        ("3155", "Havneerhverv", "Port business", True),
        ("3165", "Særligt pladskrævende erhverv", "Space-demanding business", True),
        ("3170", "Transport- og logistikerhverv", "Transport and logistics", True),
    ),
    source="Codes seen in Plandata.dk lokalplaner anvspec1..10; labels provisional",
)

MILJOEKLASSE = CodeList(
    "miljoeklasse",
    "Miljøklasse",
    "Environmental class",
    _codes(
        ("1", "Klasse 1 (0 m til bolig)", "Class 1 (0 m to housing)"),
        ("2", "Klasse 2 (20 m til bolig)", "Class 2 (20 m to housing)"),
        ("3", "Klasse 3 (50 m til bolig)", "Class 3 (50 m to housing)"),
        ("4", "Klasse 4 (100 m til bolig)", "Class 4 (100 m to housing)"),
        ("5", "Klasse 5 (150 m til bolig)", "Class 5 (150 m to housing)"),
        ("6", "Klasse 6 (300 m til bolig)", "Class 6 (300 m to housing)"),
        ("7", "Klasse 7 (500 m til bolig)", "Class 7 (500 m to housing)"),
    ),
    source="Miljøstyrelsen, Håndbog om miljø og planlægning",
)

ZONESTATUS = CodeList(
    "zonestatus",
    "Zonestatus",
    "Planning zone",
    _codes(
        ("1", "Byzone", "Urban zone"),
        ("2", "Landzone", "Rural zone", True),
        ("3", "Sommerhusområde", "Holiday-home zone", True),
        ("4", "Byzone og landzone", "Urban and rural zone", True),
        ("5", "Landzone og sommerhusområde", "Rural and holiday-home zone", True),
        ("6", "Byzone og sommerhusområde", "Urban and holiday-home zone", True),
        ("7", "Byzone, landzone og sommerhusområde", "Urban, rural and holiday-home zone", True),
    ),
    source="Plandata.dk zone codes; only 1 = Byzone verified in the lokalplan files",
)

EJER = CodeList(
    "ejer",
    "Ejer",
    "Owner",
    _codes(
        ("kommune", "Kommune", "Municipality"),
        ("privat", "Privat", "Private"),
        ("stat", "Stat", "State"),
        ("andet", "Andet", "Other"),
    ),
)

SYNLIGHED = CodeList(
    "synlighed",
    "Synlighed",
    "Visibility",
    _codes(
        ("offentlig", "Offentlig", "Public"),
        ("myndigheder", "Kun myndigheder", "Authorities only"),
    ),
)

INFRASTRUKTUR_TYPE = CodeList(
    "infrastruktur_type",
    "Infrastrukturtype",
    "Infrastructure type",
    _codes(
        ("el_station", "Elstation", "Electrical substation"),
        ("el_ledning", "Elledning", "Power line"),
        ("gas_ledning", "Gasledning", "Gas pipeline"),
        ("fjernvarme_omraade", "Fjernvarmeområde", "District heating area"),
        ("fjernvarme_vaerk", "Fjernvarmeværk", "District heating plant"),
        ("kloakopland", "Kloakopland", "Sewerage catchment"),
        ("renseanlaeg", "Renseanlæg", "Wastewater treatment plant"),
        ("vandvaerk", "Vandværk", "Waterworks"),
        ("havn", "Havn", "Port"),
        ("jernbane_terminal", "Jernbaneterminal", "Rail terminal"),
        ("motorvej_tilslutning", "Motorvejstilslutning", "Motorway junction"),
    ),
)

INFRASTRUKTUR_STATUS = CodeList(
    "infrastruktur_status",
    "Status for infrastruktur",
    "Infrastructure status",
    _codes(
        ("eksisterende", "Eksisterende", "Existing"),
        ("planlagt", "Planlagt", "Planned"),
    ),
)

INDUSTRIPARK_STATUS = CodeList(
    "industripark_status",
    "Status for industripark-kandidat",
    "Industrial park candidate status",
    _codes(
        ("indmeldt", "Indmeldt", "Proposed by the municipality"),
        ("udpeget", "Udpeget", "Designated"),
        ("ikke_udpeget", "Ikke udpeget", "Not designated"),
    ),
)

CODELISTS: dict[str, CodeList] = {
    codelist.name: codelist
    for codelist in (
        ERHVERVSAREAL_STATUS,
        ANVENDELSE_GENEREL,
        ANVENDELSE_SPECIFIK,
        MILJOEKLASSE,
        ZONESTATUS,
        EJER,
        SYNLIGHED,
        INFRASTRUKTUR_TYPE,
        INFRASTRUKTUR_STATUS,
        INDUSTRIPARK_STATUS,
    )
}
