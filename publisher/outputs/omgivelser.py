"""`omgivelser`: what surrounds each public site, from the public reference objects.

The facts are declared in ``datamodel.omgivelser``. Every spatial step is one vectorised query
over all sites at once (STRtree built once per reference revision): ``query`` with a predicate
for what covers a site, ``query_nearest`` with distances for what is nearest; the share of a site
an object covers is an area of intersection, computed only for the pairs that overlap without
covering the whole site. Only objects whose ``synlighed`` is ``offentlig`` are ever used, so a
site's card cannot reveal an authorities-only substation.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from datamodel import Visibility
from datamodel.omgivelser import FACTS, Fact, Measure

MIN_SHARE = 0.0005
"""A plan or area counts as covering a site from 0.05 % of its area (below is boundary noise)."""


@dataclass
class _Layer:
    tree: shapely.STRtree
    geometries: np.ndarray
    records: list[dict]


def _public(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if frame is None or frame.empty:
        return None
    if "synlighed" in frame.columns:
        frame = frame[frame["synlighed"] == Visibility.OFFENTLIG.value]
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    return frame if not frame.empty else None


def _round(value: float, digits: int = 1) -> float:
    return float(round(float(value), digits))


class OmgivelserIndex:
    """The public reference objects each fact reads, indexed once; `compute` for many sites."""

    def __init__(self, references_25832):
        self.layers: dict[str, _Layer | None] = {}
        self.heating_areas: _Layer | None = None
        for fact in FACTS:
            frame = _public((references_25832 or {}).get(fact.kind))
            if frame is None:
                continue
            if fact.where:
                field, value = fact.where
                frame = frame[frame[field] == value] if field in frame.columns else frame.iloc[0:0]
            if fact.measure == Measure.HEATING:
                self.heating_areas = self._layer(frame[frame["fjernvarme_type"] == "omraade"])
                frame = frame[frame["fjernvarme_type"] == "vaerk"]
            layer = self._layer(frame)
            if layer is not None or (fact.measure == Measure.HEATING and self.heating_areas):
                self.layers[fact.key] = layer

    @staticmethod
    def _layer(frame: gpd.GeoDataFrame) -> _Layer | None:
        if frame is None or frame.empty:
            return None
        geometries = frame.geometry.to_numpy()
        shapely.prepare(geometries)
        columns = [c for c in frame.columns if c != frame.geometry.name]
        return _Layer(shapely.STRtree(geometries), geometries, frame[columns].to_dict("records"))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.layers)

    def compute(self, sites_25832: gpd.GeoSeries | np.ndarray) -> list[dict]:
        """One ``omgivelser`` object per site, in the sites' order."""
        geometries = np.asarray(
            sites_25832.to_numpy() if hasattr(sites_25832, "to_numpy") else sites_25832
        )
        results: list[dict] = [{} for _ in range(len(geometries))]
        if not len(geometries):
            return results
        areas = shapely.area(geometries)
        for fact in FACTS:
            if fact.key not in self.layers:
                continue
            layer = self.layers[fact.key]
            if fact.measure == Measure.COVER:
                self._cover(fact, layer, geometries, areas, results)
            elif fact.measure == Measure.LARGEST_COVER:
                self._largest_cover(fact, layer, geometries, areas, results)
            elif fact.measure == Measure.NEAREST:
                self._nearest(fact, layer, geometries, areas, results)
            else:
                self._heating(fact, layer, geometries, areas, results)
        return results

    @staticmethod
    def _shares(layer: _Layer, geometries: np.ndarray, areas: np.ndarray):
        """(site index, object index, share) of every overlapping pair."""
        sites, objects = layer.tree.query(geometries, predicate="intersects")
        if not len(sites):
            return sites, objects, np.zeros(0)
        shares = np.ones(len(sites))
        covered = shapely.covers(layer.geometries[objects], geometries[sites])
        partial = ~covered
        if partial.any():
            overlap = shapely.area(
                shapely.intersection(geometries[sites[partial]], layer.geometries[objects[partial]])
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                shares[partial] = np.where(
                    areas[sites[partial]] > 0, overlap / areas[sites[partial]], 0.0
                )
        keep = shares >= MIN_SHARE
        return sites[keep], objects[keep], shares[keep]

    @staticmethod
    def _values(fact: Fact, record: dict) -> dict:
        return {
            spec.name: record.get(spec.name)
            for spec in fact.fields
            if spec.name not in ("andel_pct", "afstand_m")
        }

    def _cover(self, fact, layer, geometries, areas, results) -> None:
        for index in range(len(results)):
            results[index][fact.key] = []
        sites, objects, shares = self._shares(layer, geometries, areas)
        order = np.lexsort((-shares, sites))
        for site, obj, share in zip(sites[order], objects[order], shares[order]):
            results[site][fact.key].append(
                {
                    **self._values(fact, layer.records[obj]),
                    "andel_pct": _round(100 * min(share, 1.0)),
                }
            )

    def _largest_cover(self, fact, layer, geometries, areas, results) -> None:
        for index in range(len(results)):
            results[index][fact.key] = None
        sites, objects, shares = self._shares(layer, geometries, areas)
        order = np.lexsort((shares, sites))  # the largest share last, so it wins
        for site, obj in zip(sites[order], objects[order]):
            record = layer.records[obj]
            results[site][fact.key] = {
                spec.name: record.get(_SOURCE_FIELDS.get(spec.name, spec.name))
                for spec in fact.fields
            }

    def _nearest(self, fact, layer, geometries, areas, results) -> None:
        (sites, objects), distances = layer.tree.query_nearest(
            geometries, return_distance=True, all_matches=False
        )
        wants_share = any(spec.name == "andel_pct" for spec in fact.fields)
        shares = np.zeros(len(sites))
        touching = distances == 0
        if wants_share and touching.any():
            overlap = shapely.area(
                shapely.intersection(
                    geometries[sites[touching]], layer.geometries[objects[touching]]
                )
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                shares[touching] = np.where(
                    areas[sites[touching]] > 0, overlap / areas[sites[touching]], 0.0
                )
        for site, obj, distance, share in zip(sites, objects, distances, shares):
            value = {**self._values(fact, layer.records[obj]), "afstand_m": _round(distance, 0)}
            if wants_share:
                value["andel_pct"] = _round(100 * min(share, 1.0))
            results[site][fact.key] = value

    def _heating(self, fact, plants, geometries, areas, results) -> None:
        inside: dict[int, str | None] = {}
        if self.heating_areas is not None:
            sites, objects, shares = self._shares(self.heating_areas, geometries, areas)
            order = np.lexsort((shares, sites))
            inside = {
                int(s): self.heating_areas.records[o].get("navn")
                for s, o in zip(sites[order], objects[order])
            }
        nearest: dict[int, tuple[dict, float]] = {}
        if plants is not None:
            (sites, objects), distances = plants.tree.query_nearest(
                geometries, return_distance=True, all_matches=False
            )
            nearest = {
                int(s): (plants.records[o], float(d)) for s, o, d in zip(sites, objects, distances)
            }
        for index in range(len(results)):
            plant, distance = nearest.get(index, ({}, None))
            results[index][fact.key] = {
                "i_omraade": index in inside,
                "omraade": inside.get(index),
                "vaerk": plant.get("navn"),
                "braendsel": plant.get("braendsel"),
                "afstand_m": None if distance is None else _round(distance, 0),
            }


_SOURCE_FIELDS = {"eksisterende": "kloakering_eksisterende", "planlagt": "kloakering_planlagt"}
"""Where a fact's field comes from when the kind names it otherwise."""
