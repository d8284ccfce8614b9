"""Attribute values of the demo objects, drawn from the data model's own fields and code lists."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

import numpy as np

from datamodel import CODELISTS, LAYERS, FieldType, Visibility
from datamodel.layers import default_visibility

from .kommuner import DemoKommune

FORNAVNE = (
    "Anne",
    "Mette",
    "Lars",
    "Søren",
    "Camilla",
    "Jens",
    "Louise",
    "Mikkel",
    "Hanne",
    "Rasmus",
    "Pernille",
    "Thomas",
)
EFTERNAVNE = (
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Kristensen",
)
STEDNAVNE = (
    "Industrivej",
    "Energivej",
    "Håndværkervej",
    "Smedevej",
    "Transportvej",
    "Fabriksvej",
    "Møllevej",
    "Kornmarken",
    "Stålvej",
    "Teglværksvej",
    "Lergravsvej",
    "Værkstedsvej",
    "Ringvejen",
    "Mosevej",
    "Bøgeskoven",
    "Ørnevej",
)
OMRAADETYPER = (
    "Erhvervsområde",
    "Erhvervspark",
    "Industrikvarter",
    "Logistikpark",
    "Produktionsområde",
)
STEDER = (
    "Nørremark",
    "Søndermark",
    "Østervang",
    "Vestervang",
    "Bakkegård",
    "Engholm",
    "Lundgård",
    "Højvang",
)
ETAPER = ("Nord", "Syd", "Øst", "Vest", "etape 1", "etape 2", "etape 3")


def new_objekt_id(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=4))


def pick(
    rng: np.random.Generator,
    codelist: str,
    prefer: Mapping[str, float] | None = None,
    among: set[str] | None = None,
) -> str:
    """A value of the named code list; ``prefer`` adds weight to codes it names (which must exist)."""
    values = sorted(CODELISTS[codelist].values)
    prefer = dict(prefer or {})
    unknown = set(prefer) - set(values)
    if unknown:
        raise KeyError(f"{sorted(unknown)} not in code list {codelist}")
    if among is not None and among & set(values):
        values = [value for value in values if value in among]
    weights = np.array([1.0 + prefer.get(value, 0.0) for value in values])
    return values[int(rng.choice(len(values), p=weights / weights.sum()))]


def pick_numeric_range(rng: np.random.Generator, codelist: str, spread: int) -> tuple[int, int]:
    """Two values of a numeric code list, low <= high, at most ``spread`` steps apart."""
    values = sorted(int(value) for value in CODELISTS[codelist].values)
    low_index = int(rng.integers(0, max(1, len(values) - spread)))
    high_index = min(len(values) - 1, low_index + int(rng.integers(0, spread + 1)))
    return values[low_index], values[high_index]


def complete(layer_name: str, values: dict) -> dict:
    """Checks the values against the layer's fields and casts code-list values to the field type."""
    layer = LAYERS[layer_name]
    extra = set(values) - set(layer.field_names)
    if extra:
        raise KeyError(f"{layer_name} has no field(s) {sorted(extra)}")
    record = {}
    for field in layer.fields:
        value = values.get(field.name)
        if value is not None and field.type is FieldType.INTEGER:
            value = int(value)
        elif value is not None and field.type is FieldType.REAL:
            value = float(value)
        record[field.name] = value
    return record


def contact(rng: np.random.Generator, kommune: DemoKommune, slug: str) -> dict:
    fornavn = str(rng.choice(FORNAVNE))
    return {
        "kontakt_navn": f"{fornavn} {rng.choice(EFTERNAVNE)}",
        "kontakt_email": f"erhverv@{kommune.web_domain}",
        "kontakt_telefon": kommune.telefon,
        "link": f"https://www.{kommune.web_domain}/erhverv/erhvervsgrunde/{slug}",
    }


def slugify(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-", ",": ""})
    return text.lower().translate(table)


def site_name(rng: np.random.Generator, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(OMRAADETYPER)} {rng.choice(STEDNAVNE)} {rng.choice(ETAPER)}"
        if name not in used:
            used.add(name)
            return name


def erhvervsareal(
    rng: np.random.Generator,
    kommune: DemoKommune,
    *,
    navn: str,
    areal_m2: float,
    lokalplan_id: str,
    anvendelse_generel: str,
    ramme_nummer: int,
    today: dt.date,
    myndigheder: bool,
) -> dict:
    status = pick(
        rng, "erhvervsareal_status", prefer={"ledig": 3, "delvist_ledig": 1, "i_udbud": 1}
    )
    free_share = {"delvist_ledig": rng.uniform(0.25, 0.8), "reserveret": 0.0}.get(status, 1.0)
    mixed = anvendelse_generel != "31"
    miljoe_low, miljoe_high = pick_numeric_range(rng, "miljoeklasse", 1 if mixed else 3)
    if mixed:
        miljoe_low, miljoe_high = 1, min(miljoe_high, 3)
    future = status == "fremtidig"
    low_price, high_price = kommune.pris_kr_m2
    values = {
        "objekt_id": new_objekt_id(rng),
        "kommunekode": kommune.kommunekode,
        "navn": navn,
        "status": status,
        "areal_m2": round(areal_m2, 1),
        "ledigt_areal_m2": round(areal_m2 * free_share * 0.98, 0),
        "anvendelse_generel": anvendelse_generel,
        "anvendelse_specifik": pick(
            rng, "anvendelse_specifik", among={"3110", "3115"} if mixed else None
        ),
        "miljoeklasse_min": miljoe_low,
        "miljoeklasse_max": miljoe_high,
        "max_bebyggelsesprocent": float(rng.choice([40, 45, 50, 60, 80])),
        "max_bygningshoejde_m": float(rng.choice([8.5, 12, 15, 20, 25])),
        "zonestatus": pick(rng, "zonestatus", among={"2"} if future else {"1"}),
        "kommuneplanramme_id": f"{kommune.kommunekode[1:]}.E{ramme_nummer:02d}",
        "lokalplan_id": lokalplan_id,
        "tilslutning_el": bool(rng.random() < (0.6 if future else 0.97)),
        "tilslutning_vand": bool(rng.random() < (0.6 if future else 0.97)),
        "tilslutning_kloak": bool(rng.random() < (0.5 if future else 0.92)),
        "tilslutning_fjernvarme": bool(rng.random() < (0.3 if future else 0.65)),
        "tilslutning_gas": bool(rng.random() < 0.35),
        "el_kapacitet_mw": round(float(rng.uniform(0.5, 30.0)), 1),
        "pris_kr_m2": float(round(rng.uniform(low_price, high_price), -1)),
        "ejer": pick(rng, "ejer", prefer={"kommune": 4, "privat": 1}),
        **contact(rng, kommune, slugify(navn)),
        "sidst_bekraeftet": today - dt.timedelta(days=int(rng.integers(3, 400))),
        "synlighed": (Visibility.MYNDIGHEDER if myndigheder else Visibility.OFFENTLIG).value,
    }
    return complete("erhvervsareal", values)


INFRASTRUKTUR_DETAILS = {
    # type: (name template, kV choices, capacity range, unit)
    "el_station": (
        "{kommune} {sted} transformerstation",
        (50.0, 60.0, 132.0, 150.0),
        (25.0, 160.0),
        "MVA",
    ),
    "fjernvarme_vaerk": ("{kommune} {sted} varmecentral", None, (10.0, 120.0), "MW"),
    "vandvaerk": ("{sted} Vandværk", None, (50.0, 400.0), "m³/h"),
    "motorvej_tilslutning": ("{motorvej}, tilslutning {nummer} {kommune}", None, None, None),
    "jernbane_terminal": ("{kommune} Godsterminal", None, (20.0, 80.0), "tog/døgn"),
}


def infrastruktur(
    rng: np.random.Generator, kommune: DemoKommune, type_code: str, *, planned: bool
) -> dict:
    if type_code not in CODELISTS["infrastruktur_type"].values:
        raise KeyError(f"{type_code} is not an infrastruktur type")
    template, voltages, capacity, unit = INFRASTRUKTUR_DETAILS[type_code]
    navn = template.format(
        kommune=kommune.navn,
        sted=str(rng.choice(STEDER)),
        motorvej=kommune.motorvej,
        nummer=int(rng.integers(5, 60)),
    )
    owner = {
        "el_station": kommune.elnet,
        "fjernvarme_vaerk": kommune.varmeforsyning,
        "motorvej_tilslutning": "Vejdirektoratet",
        "jernbane_terminal": "Banedanmark",
    }
    values = {
        "objekt_id": new_objekt_id(rng),
        "kommunekode": kommune.kommunekode,
        "type": type_code,
        "navn": navn,
        "ejer_forsyning": owner.get(type_code, f"{kommune.navn} Forsyning"),
        "spaending_kv": float(rng.choice(voltages)) if voltages else None,
        "kapacitet": round(float(rng.uniform(*capacity)), 0) if capacity else None,
        "kapacitet_enhed": unit,
        "status": pick(
            rng, "infrastruktur_status", among={"planlagt"} if planned else {"eksisterende"}
        ),
        "synlighed": default_visibility(LAYERS["infrastruktur"], type_code).value,
    }
    return complete("infrastruktur", values)


def industripark_kandidat(
    rng: np.random.Generator, kommune: DemoKommune, *, areal_m2: float, today: dt.date
) -> dict:
    navn = f"{kommune.navn} Industripark {rng.choice(ETAPER[:4])}"
    values = {
        "objekt_id": new_objekt_id(rng),
        "kommunekode": kommune.kommunekode,
        "navn": navn,
        "status": pick(rng, "industripark_status", among={"indmeldt", "udpeget"}),
        "samlet_areal_m2": round(areal_m2, 1),
        "forventet_klar": today + dt.timedelta(days=int(rng.integers(365, 3 * 365))),
        "beskrivelse": (
            f"Samlet areal til større produktionsvirksomheder tæt på "
            f"{kommune.motorvej}. Kommunen byggemodner i etaper efter behov."
        ),
        **contact(rng, kommune, slugify(navn)),
        "synlighed": Visibility.OFFENTLIG.value,
    }
    return complete("industripark_kandidat", values)
