"""Writing the conformance cases as real files for the publisher's tests (geopandas/shapely)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from .cases import REFERENCES, Case


def case_frame(case: Case) -> gpd.GeoDataFrame:
    names: list[str] = []
    for feature in case.features:
        names += [name for name in feature if name != "wkt" and name not in names]
    columns = {name: [feature.get(name) for feature in case.features] for name in names}
    for name, values in columns.items():
        if any(isinstance(value, date) for value in values):
            columns[name] = pd.to_datetime(pd.Series(values, dtype=object))
    geometries = [
        shapely.from_wkt(feature["wkt"]) if feature["wkt"] else None for feature in case.features
    ]
    return gpd.GeoDataFrame(columns, geometry=geometries, crs=case.crs)


def write_case(case: Case, folder: Path, driver: str = "GPKG") -> Path:
    path = folder / (f"{case.layer}.gpkg" if driver == "GPKG" else f"{case.layer}.geojson")
    case_frame(case).to_file(path, layer=case.layer, driver=driver, engine="pyogrio")
    return path


def case_references():
    from publisher.validation import References

    kommuner = REFERENCES["kommuner"]
    return References(
        kommunegraenser=gpd.GeoDataFrame(
            {"kommunekode": list(kommuner), "navn": list(kommuner)},
            geometry=shapely.from_wkt(list(kommuner.values())),
            crs="EPSG:25832",
        ),
        natur=gpd.GeoDataFrame(
            {
                "kind": [row[0] for row in REFERENCES["natur"]],
                "navn": [row[1] for row in REFERENCES["natur"]],
            },
            geometry=shapely.from_wkt([row[2] for row in REFERENCES["natur"]]),
            crs="EPSG:25832",
        ),
        lokalplaner=gpd.GeoDataFrame(
            {
                key: [row[index] for row in REFERENCES["planer"]]
                for index, key in enumerate(("planid", "anvgen", "status", "plannavn"))
            },
            geometry=shapely.from_wkt([row[4] for row in REFERENCES["planer"]]),
            crs="EPSG:25832",
        ),
    )
