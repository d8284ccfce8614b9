"""Kommune names and outlines from the reference kommunegrænser, for the desk's pages: the
dashboard lists every kommune by name and colours its outline on a small map."""

from __future__ import annotations

import threading

from datamodel.references import NOT_A_KOMMUNE

OUTLINE_TOLERANCE_M = 250.0
"""Simplification of the dashboard map's outlines: a national overview, not a boundary map."""
COORDINATE_DECIMALS = 4
"""About 10 m in WGS84: enough for the overview, small to send."""


class KommuneAtlas:
    """Names and simplified WGS84 outlines, made once per reference import."""

    def __init__(self):
        self._key = None
        self._names: dict[str, str] = {}
        self._outlines: dict[str, dict] = {}
        self._lock = threading.Lock()

    def _refresh(self, workflow) -> None:
        from ..store.reference_layers import reference_imports

        key = tuple(reference_imports(workflow.store))
        with self._lock:
            if key == self._key:
                return
            references = workflow.references()
            frame = references.kommunegraenser if references is not None else None
            names, outlines = {}, {}
            if frame is not None and len(frame):
                simplified = frame.assign(geometry=frame.geometry.simplify(OUTLINE_TOLERANCE_M))
                wgs84 = simplified.to_crs(4326)
                for kode, navn, geometry in zip(
                    wgs84["kommunekode"], wgs84["navn"], wgs84.geometry
                ):
                    if str(kode) in NOT_A_KOMMUNE:
                        continue
                    names[str(kode)] = str(navn)
                    outlines[str(kode)] = _rounded(geometry.__geo_interface__)
            self._key, self._names, self._outlines = key, names, outlines

    def names(self, workflow) -> dict[str, str]:
        self._refresh(workflow)
        return dict(self._names)

    def outlines(self, workflow) -> dict[str, dict]:
        self._refresh(workflow)
        return self._outlines


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), COORDINATE_DECIMALS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
