"""National-size reference layers made from the real per-kommune files in ../shared/data.

The shared data holds real Plandata lokalplaner and MiljøGIS nature (§3, Natura 2000,
fredninger) for five neighbouring kommuner west of Copenhagen (about 22 × 18 km), and the real
DAGI boundaries of all 98 kommuner. This module tiles that real patch over the whole country
(translated copies on a grid over Denmark), keeps the copies whose representative point lies on
land in a kommune, and samples them down to national counts (default 30,000 lokalplaner and
20,000 nature polygons). Every geometry is a real one, moved; ids are made unique and each
lokalplan gets the kommune it now lies in as ``komnr``.

Benchmarks use it so that validation, publishing and tiles run with every reference loaded at
national size:

    from national_references import national_references
    refs = national_references()                # generated once into a cache folder, then reused
    print(refs.describe())                      # what was generated, for the benchmark's output
    refs.import_into(store)                     # `references import` of every file, as ERST does
    refs.paths                                  # kind → GeoPackage (EPSG:25832)

or from the shell: ``.venv/bin/python bench/national_references.py [FOLDER]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("OVERBLIKSKORT_SHARED_DATA", REPO.parent / "shared" / "data"))
CACHE_ROOT = REPO / "var" / "bench-cache"
CRS = "EPSG:25832"
VERSION = 2
"""Bumped when the generated content changes, so that cached folders are regenerated."""

DAGI = Path("kommuner_dagi_neogeografen") / "geojson" / "kommuner.geojson"
PATCH = Path("hofor_tgvwebgis")
CHRISTIANSOE = "0411"
"""In DAGI, but not one of the 98 kommuner."""

# (kind, glob under the patch folder, id field, name field, Temakode)
NATURE_SOURCES = (
    (
        "paragraf3",
        "*/GeoJSON-data/*_bekyttedenaturtyperparagraf3.geojson",
        "Objekt_id",
        "Natyp_navn",
        2013,
    ),
    ("natura2000", "*/GeoJSON-data/Habitat_omraader.geojson", "Objekt_id", "Objektnavn", 2019),
    ("fredning", "*/GeoJSON-data/Fredede_omraader.geojson", "Objekt_id", "Fred_navn", 2009),
)
LOKALPLANER = "*/GeoJSON-data/*_lokalplaner.geojson"
LOKALPLAN_FIELDS = ("planid", "plannavn", "anvgen", "anvendelsegenerel", "status", "doklink")
FIRST_PLANID = 9_000_000
"""Generated planids count up from here (real Plandata ids are below)."""


@dataclass(frozen=True)
class NationalReferences:
    folder: Path
    counts: dict[str, int]
    """Features per file: kommunegraenser, lokalplaner, paragraf3, natura2000, fredning."""
    template: dict[str, int]
    """Distinct real features in the five-kommune patch that were tiled, per kind."""

    @property
    def paths(self) -> dict[str, Path]:
        return {kind: self.folder / f"{kind}.gpkg" for kind in self.counts}

    def describe(self) -> str:
        nature = sum(self.counts[kind] for kind, *_ in NATURE_SOURCES)
        per_kind = ", ".join(f"{kind} {self.counts[kind]:,}" for kind, *_ in NATURE_SOURCES)
        patch = ", ".join(f"{kind} {count:,}" for kind, count in self.template.items())
        return (
            f"national references ({self.folder}): {self.counts['kommunegraenser']} DAGI "
            f"kommuner, {self.counts['lokalplaner']:,} lokalplaner, {nature:,} nature "
            f"polygons ({per_kind}); tiled from the real five-kommune patch ({patch})"
        )

    def import_into(self, store) -> None:
        """Imports every file into a publisher store, as `python -m publisher references import`
        does (kommunegrænser first, so that the others are attributed to kommuner)."""
        from publisher.references import import_reference_file

        paths = self.paths
        import_reference_file(store, "kommunegraenser", paths["kommunegraenser"], actor="bench")
        import_reference_file(store, "lokalplaner", paths["lokalplaner"], actor="bench")
        for kind, *_ in NATURE_SOURCES:
            import_reference_file(store, "natur", paths[kind], natur_kind=kind, actor="bench")

    def import_commands(self) -> list[list[str]]:
        """The same imports as `publisher references import` argument lists (for a subprocess)."""
        paths = self.paths
        commands = [
            ["references", "import", "kommunegraenser", str(paths["kommunegraenser"])],
            ["references", "import", "lokalplaner", str(paths["lokalplaner"])],
        ]
        commands += [
            ["references", "import", "natur", str(paths[kind]), "--kind", kind]
            for kind, *_ in NATURE_SOURCES
        ]
        return commands

    def validation_references(self):
        """The layers as ``publisher.validation.References`` (for in-process benchmarks)."""
        from publisher.validation import References

        paths = self.paths
        return References.from_files(
            kommunegraenser=paths["kommunegraenser"],
            natura2000=[paths["natura2000"]],
            paragraf3=[paths["paragraf3"]],
            fredning=[paths["fredning"]],
            lokalplaner=[paths["lokalplaner"]],
        )


def kommune_boundaries(shared_data: Path = SHARED_DATA):
    """The 98 real DAGI kommuner, one (Multi)Polygon each, EPSG:25832: kommunekode, navn."""
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(shared_data / DAGI, engine="pyogrio")
    frame = frame[frame["KOMKODE"] != CHRISTIANSOE]
    frame = frame.set_geometry(shapely.force_2d(frame.geometry.values), crs=frame.crs).to_crs(CRS)
    frame = frame.rename(columns={"KOMKODE": "kommunekode", "KOMNAVN": "navn"})
    frame = frame[["kommunekode", "navn", "geometry"]].dissolve(
        by="kommunekode", aggfunc="first", as_index=False
    )
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame


def national_references(
    folder: Path | None = None,
    shared_data: Path = SHARED_DATA,
    lokalplaner: int = 30_000,
    natur: int = 20_000,
    seed: int = 2026,
) -> NationalReferences:
    """The national reference files in ``folder`` (default: a folder per parameters under
    var/bench-cache); generated unless a previous run with the same parameters left them
    there."""
    folder = Path(folder or CACHE_ROOT / f"national-references-{lokalplaner}-{natur}-{seed}")
    wanted = {
        "version": VERSION,
        "lokalplaner": lokalplaner,
        "natur": natur,
        "seed": seed,
        "shared_data": str(shared_data.resolve()),
    }
    manifest = folder / "manifest.json"
    if manifest.is_file():
        stored = json.loads(manifest.read_text())
        if stored.get("parameters") == wanted and all(
            (folder / f"{kind}.gpkg").is_file() for kind in stored["counts"]
        ):
            return NationalReferences(folder, stored["counts"], stored["template"])
    folder.mkdir(parents=True, exist_ok=True)
    counts, template = _generate(folder, shared_data, lokalplaner, natur, seed)
    manifest.write_text(
        json.dumps({"parameters": wanted, "counts": counts, "template": template}, indent=2)
    )
    return NationalReferences(folder, counts, template)


def _generate(
    folder: Path, shared_data: Path, plan_target: int, nature_target: int, seed: int
) -> tuple[dict[str, int], dict[str, int]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    kommuner = kommune_boundaries(shared_data)
    plans = _template_plans(shared_data)
    nature = _template_nature(shared_data)
    template = {
        "lokalplaner": len(plans),
        **{kind: int((nature["kind"] == kind).sum()) for kind, *_ in NATURE_SOURCES},
    }
    patch = _patch_bounds(plans, nature)
    tiled_plans = _tile(plans, patch, kommuner)
    tiled_nature = _tile(nature, patch, kommuner)
    tiled_plans = _sample(tiled_plans, plan_target, rng)
    tiled_nature = _sample(tiled_nature, nature_target, rng)

    tiled_plans["planid"] = np.arange(FIRST_PLANID, FIRST_PLANID + len(tiled_plans))
    counts = {"kommunegraenser": len(kommuner), "lokalplaner": len(tiled_plans)}
    _write(kommuner, folder / "kommunegraenser.gpkg")
    _write(tiled_plans.drop(columns=["kind"], errors="ignore"), folder / "lokalplaner.gpkg")
    for kind, _, id_field, name_field, temakode in NATURE_SOURCES:
        part = tiled_nature[tiled_nature["kind"] == kind].reset_index(drop=True)
        part = part.rename(columns={"navn": name_field})
        part[id_field] = np.arange(1, len(part) + 1)
        part["Temakode"] = temakode
        _write(part.drop(columns=["kind"]), folder / f"{kind}.gpkg")
        counts[kind] = len(part)
    return counts, template


def _read(path: Path):
    import geopandas as gpd

    frame = gpd.read_file(path, engine="pyogrio")
    if frame.crs is None or frame.crs.to_epsg() != 25832:
        frame = frame.to_crs(CRS)
    return frame


def _template_plans(shared_data: Path):
    import geopandas as gpd
    import pandas as pd

    frames = [
        _read(path)[[*LOKALPLAN_FIELDS, "geometry"]]
        for path in sorted((shared_data / PATCH).glob(LOKALPLANER))
    ]
    plans = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS)
    plans = plans.drop_duplicates("planid").reset_index(drop=True)
    plans["template_planid"] = plans["planid"].astype(str)
    plans["kind"] = "lokalplan"
    return plans[plans.geometry.notna() & ~plans.geometry.is_empty].reset_index(drop=True)


def _template_nature(shared_data: Path):
    import geopandas as gpd
    import pandas as pd
    import shapely

    frames = []
    for kind, pattern, id_field, name_field, _ in NATURE_SOURCES:
        for path in sorted((shared_data / PATCH).glob(pattern)):
            frame = _read(path)
            frames.append(
                gpd.GeoDataFrame(
                    {
                        "kind": kind,
                        "source_id": frame[id_field].astype(str),
                        "navn": frame[name_field].astype(str),
                        "geometry": frame.geometry.values,
                    },
                    crs=CRS,
                )
            )
    nature = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS)
    # Neighbouring files repeat features; the two Natura 2000 files share an id but hold
    # different clips of the site, so a repeat is the same kind and the same geometry.
    nature["wkb"] = shapely.to_wkb(nature.geometry.values)
    nature = nature.drop_duplicates(["kind", "wkb"]).drop(columns=["source_id", "wkb"])
    return nature[nature.geometry.notna() & ~nature.geometry.is_empty].reset_index(drop=True)


def _patch_bounds(*frames) -> tuple[float, float, float, float]:
    import numpy as np

    bounds = np.array([frame.total_bounds for frame in frames])
    return (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())


def _tile(frame, patch: tuple[float, float, float, float], kommuner):
    """Copies of ``frame`` on a grid of patch-sized steps over the kommuner, each feature kept
    where its representative point lies in a kommune (which it is then attributed to). A kommune
    that the grid left empty (the patch has gaps) gets one more copy centred on it."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    xmin, ymin, xmax, ymax = kommuner.total_bounds
    width, height = patch[2] - patch[0], patch[3] - patch[1]
    offsets = [
        (xmin + column * width - patch[0], ymin + row * height - patch[1])
        for row in range(int(np.ceil((ymax - ymin) / height)))
        for column in range(int(np.ceil((xmax - xmin) / width)))
    ]
    copies = [_copy(frame, offset, kommuner) for offset in offsets]
    reached = set(np.concatenate([copy["komnr"].values for copy in copies]))
    centre = np.array([(patch[0] + patch[2]) / 2, (patch[1] + patch[3]) / 2])
    for code, geometry in zip(kommuner["kommunekode"], kommuner.geometry.values):
        if code not in reached:
            target = shapely.get_coordinates(shapely.point_on_surface(geometry))[0]
            copy = _copy(frame, tuple(target - centre), kommuner)
            copies.append(copy[copy["komnr"] == code])
    return gpd.GeoDataFrame(pd.concat(copies, ignore_index=True), crs=CRS)


def _copy(frame, offset: tuple[float, float], kommuner):
    """``frame`` moved by ``offset``: the features whose representative point lands in a kommune,
    with that kommune's code as komnr."""
    import numpy as np
    import shapely

    shift = np.array(offset)
    points = shapely.points(
        shapely.get_coordinates(frame.geometry.representative_point().values) + shift
    )
    tree = shapely.STRtree(kommuner.geometry.values)
    feature_index, kommune_index = tree.query(points, predicate="within")
    feature_index, first = np.unique(feature_index, return_index=True)
    copy = frame.iloc[feature_index].copy()
    copy["geometry"] = shapely.transform(copy.geometry.values, lambda xy: xy + shift)
    copy["komnr"] = kommuner["kommunekode"].values[kommune_index[first]]
    return copy


def _sample(frame, target: int, rng):
    import numpy as np

    if len(frame) <= target:
        return frame.reset_index(drop=True)
    chosen = np.sort(rng.choice(len(frame), target, replace=False))
    return frame.iloc[chosen].reset_index(drop=True)


def _write(frame, path: Path) -> None:
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GPKG", engine="pyogrio")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--lokalplaner", type=int, default=30_000)
    parser.add_argument("--natur", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    references = national_references(
        args.folder, lokalplaner=args.lokalplaner, natur=args.natur, seed=args.seed
    )
    print(references.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
