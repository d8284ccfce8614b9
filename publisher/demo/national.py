"""The demo's national context: with ../shared/data at hand, all 98 DAGI kommuner and the five
regions (so the map is never three islands), the high-voltage grid and the district heating
plants, loaded through the same import ERST uses."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..references import ReferenceImportError, import_reference_file
from ..store.reference_layers import reference_imports
from .boundaries import DAGI_KOMMUNER

NATIONAL_FILES = (
    ("kommunegraenser", DAGI_KOMMUNER),
    ("regioner", DAGI_KOMMUNER.with_name("regioner.geojson")),
    (
        "elnet",
        Path("power_grid_osm_complexnettsp/Countries/Denmark/Nodes/highvoltage_vertices.csv"),
    ),
    ("elnet", Path("power_grid_osm_complexnettsp/Countries/Denmark/Edges/highvoltage_links.csv")),
    ("fjernvarme", Path("district_heating_nicklasvrede/data/plants.geojson")),
)


def import_national_references(
    store, shared_data: Path | None, actor: str, say: Callable[[str], None]
) -> list[str]:
    """Imports each national file once (a later run finds it loaded and leaves it)."""
    if shared_data is None:
        return []
    loaded = {(item.kind, item.file_name) for item in reference_imports(store)}
    imported = []
    for kind, relative in NATIONAL_FILES:
        path = shared_data / relative
        if (kind, path.name) in loaded or not path.is_file():
            continue
        try:
            summary = import_reference_file(store, kind, path, actor=actor)
        except ReferenceImportError as error:
            say(f"{kind}: {error.message_da} / {error.message_en}")
            continue
        imported.append(f"{summary.kind}:{summary.source}")
        say(summary.lines()[0])
    return imported
