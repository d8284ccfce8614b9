"""The three demo kommuner: real codes and names, fictitious but plausible local details."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoKommune:
    kommunekode: str
    navn: str
    centre: tuple[float, float]
    """Town centre in EPSG:25832."""
    radius_m: float
    """Radius of the fictitious boundary drawn when the real one is not at hand."""
    web_domain: str
    telefon: str
    elnet: str
    varmeforsyning: str
    pris_kr_m2: tuple[float, float]
    """Plausible range of land prices in the area."""
    motorvej: str


DEMO_KOMMUNER: tuple[DemoKommune, ...] = (
    DemoKommune(
        "0167",
        "Hvidovre",
        (718_100.0, 6_170_900.0),
        2_600.0,
        "hvidovre.dk",
        "36 39 36 39",
        "Radius Elnet",
        "Hvidovre Fjernvarme",
        (900.0, 1_600.0),
        "Holbækmotorvejen",
    ),
    DemoKommune(
        "0751",
        "Aarhus",
        (572_000.0, 6_224_500.0),
        7_500.0,
        "aarhus.dk",
        "89 40 20 00",
        "Konstant Net",
        "Kredsløb",
        (450.0, 950.0),
        "Østjyske Motorvej",
    ),
    DemoKommune(
        "0630",
        "Vejle",
        (531_400.0, 6_173_900.0),
        6_500.0,
        "vejle.dk",
        "76 81 00 00",
        "TREFOR El-net",
        "Vejle Fjernvarme",
        (250.0, 650.0),
        "Østjyske Motorvej",
    ),
)
