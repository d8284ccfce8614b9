"""Reference layers the rules check against, as plain GeoDataFrames in EPSG:25832.

The publisher's store builds a References from its tables; tests build one from the real files
with the loaders below (which also fit `references import`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import geopandas as gpd
import pandas as pd
import shapely

from datamodel import CRS as TARGET_CRS
from datamodel.references import NATUR_TYPES
from datamodel.rules import NaturArea, PlanArea, ReferenceSet
from datamodel.rules.values import as_code, is_missing

NATURE_KINDS = tuple(NATUR_TYPES)


@dataclass
class References:
    kommunegraenser: gpd.GeoDataFrame | None = None
    """Columns kommunekode (4 digits) and navn; one or more rows per kommune."""
    natur: gpd.GeoDataFrame | None = None
    """Columns kind (natura2000 | paragraf3 | fredning) and navn."""
    lokalplaner: gpd.GeoDataFrame | None = None
    """Columns planid, anvgen, status (V/F/A), plannavn."""
    kommuneplanrammer: gpd.GeoDataFrame | None = None
    """The same columns; rule R04 reads them beside the lokalplaner."""
    _rule_input: ReferenceSet | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_files(
        cls,
        kommunegraenser: Path | None = None,
        natura2000: Iterable[Path] = (),
        paragraf3: Iterable[Path] = (),
        fredning: Iterable[Path] = (),
        lokalplaner: Iterable[Path] = (),
    ) -> References:
        nature = [
            load_natur(path, kind)
            for kind, paths in (
                ("natura2000", natura2000),
                ("paragraf3", paragraf3),
                ("fredning", fredning),
            )
            for path in paths
        ]
        plans = _concat([load_lokalplaner(path) for path in lokalplaner])
        return cls(
            kommunegraenser=load_kommunegraenser(kommunegraenser) if kommunegraenser else None,
            natur=_concat(nature),
            lokalplaner=plans.drop_duplicates("planid") if plans is not None else None,
        )

    def rule_input(self) -> ReferenceSet:
        """The reference layers as the rulebook takes them (computed once per object; the
        rules' spatial indexes are built, and their geometries prepared, on first use)."""
        if self._rule_input is None:
            self._rule_input = ReferenceSet(
                kommuner=_kommuner(self.kommunegraenser),
                natur=[
                    NaturArea(str(kind), _text(navn), geometry)
                    for kind, navn, geometry in _columns(self.natur, "kind", "navn")
                ],
                planer=[
                    PlanArea(
                        as_code(planid),
                        _code(anvgen),
                        _text(status),
                        _text(plannavn),
                        geometry,
                        plantype,
                    )
                    for plantype, frame in (
                        ("lokalplan", self.lokalplaner),
                        ("kommuneplanramme", self.kommuneplanrammer),
                    )
                    for planid, anvgen, status, plannavn, geometry in _columns(
                        frame, "planid", "anvgen", "status", "plannavn"
                    )
                ],
            )
        return self._rule_input


def _read(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path, engine="pyogrio")
    frame = frame.set_geometry(shapely.force_2d(frame.geometry.values.to_numpy()), crs=frame.crs)
    if frame.crs is None:
        raise ValueError(f"{path} declares no coordinate system")
    return frame.to_crs(TARGET_CRS)


def load_kommunegraenser(
    path: Path, code_field: str = "KOMKODE", name_field: str = "KOMNAVN"
) -> gpd.GeoDataFrame:
    """DAGI kommuner; parts of one kommune split over several features become one row."""
    frame = _read(path)
    frame = gpd.GeoDataFrame(
        {
            "kommunekode": [as_code(value).zfill(4) for value in frame[code_field]],
            "navn": frame[name_field].astype(str) if name_field in frame else "",
            "geometry": frame.geometry.values,
        },
        crs=TARGET_CRS,
    )
    return frame.dissolve(by="kommunekode", aggfunc="first", as_index=False)


def load_natur(path: Path, kind: str, name_field: str | None = None) -> gpd.GeoDataFrame:
    if kind not in NATURE_KINDS:
        raise ValueError(f"unknown nature kind {kind!r}; use one of {', '.join(NATURE_KINDS)}")
    frame = _read(path)
    name_field = name_field or NATUR_TYPES[kind].name_field
    names = frame[name_field] if name_field in frame else pd.Series([""] * len(frame))
    return gpd.GeoDataFrame(
        {
            "kind": kind,
            "navn": [_text(value) for value in names],
            "geometry": frame.geometry.values,
        },
        crs=TARGET_CRS,
    )


def load_lokalplaner(path: Path) -> gpd.GeoDataFrame:
    """Plandata lokalplaner (WFS schema: planid, anvgen, status, plannavn)."""
    frame = _read(path)
    return gpd.GeoDataFrame(
        {
            "planid": [as_code(value) for value in frame["planid"]],
            "anvgen": [
                as_code(value) if not is_missing(value) else "" for value in frame["anvgen"]
            ],
            "status": [_text(value) for value in frame["status"]],
            "plannavn": [_text(value) for value in frame["plannavn"]],
            "geometry": frame.geometry.values,
        },
        crs=TARGET_CRS,
    )


def _concat(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame | None:
    if not frames:
        return None
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=TARGET_CRS)


def _columns(frame: gpd.GeoDataFrame | None, *names: str):
    """Rows of the named columns and the geometry, as plain values."""
    if frame is None:
        return ()
    return zip(*(frame[name].tolist() for name in names), frame.geometry.values.to_numpy())


def _code(value: object) -> str:
    return "" if is_missing(value) else as_code(value)


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def _kommuner(frame: gpd.GeoDataFrame | None) -> dict:
    if frame is None or frame.empty:
        return {}
    grouped: dict[str, list] = {}
    for code, geometry in zip(frame["kommunekode"], frame.geometry.values):
        grouped.setdefault(as_code(code).zfill(4), []).append(geometry)
    return {
        code: parts[0] if len(parts) == 1 else shapely.union_all(parts)
        for code, parts in grouped.items()
    }
