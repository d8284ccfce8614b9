"""A small, deterministic Danish demo data set in EPSG:25832, generated in code.

Three real kommuner (real codes and names) with business sites, infrastructure and an
industrial-park candidate each, plus the reference layers ERST loads (kommunegrænser, nature
protection, lokalplaner) drawn so that every site lies in an adopted business lokalplan, clear of
protected nature, well inside its kommune. The same seed and date give the same objects and ids,
so seeding twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from datamodel import CRS, LAYERS, FieldType, Visibility

from . import records
from .boundaries import DAGI_LABEL, demo_boundaries
from .kommuner import DEMO_KOMMUNER, DemoKommune
from .shapes import Placer, blob_polygon, log_uniform, plot_polygon

DEFAULT_SEED = 20261126
SITES_PER_KOMMUNE = 8
HIDDEN_SITES_PER_KOMMUNE = 2
SITE_AREA_M2 = (5_000.0, 200_000.0)
KANDIDAT_AREA_M2 = (250_000.0, 550_000.0)
LOKALPLAN_MARGIN_M = 25.0
ADOPTED = "V"
"""Plandata status of an adopted (vedtaget) plan."""

NATUR_KINDS = (
    # kind, name template, radius range (m)
    ("natura2000", "Habitatområde {sted}", (350.0, 700.0)),
    ("paragraf3", "Beskyttet mose ved {sted}", (60.0, 160.0)),
    ("paragraf3", "Beskyttet eng ved {sted}", (60.0, 160.0)),
    ("fredning", "Fredning af {sted}", (200.0, 450.0)),
)
INFRASTRUKTUR_PLAN = (
    # type, planned, placed near a site
    ("el_station", False, True),
    ("el_station", True, True),
    ("fjernvarme_vaerk", False, True),
    ("vandvaerk", False, False),
    ("motorvej_tilslutning", False, False),
)
RESIDENTIAL_ANVGEN = "11"
"""Plandata anvgen of the housing plan drawn beside the business land (Boligområde)."""


@dataclass
class DemoDataset:
    kommuner: gpd.GeoDataFrame
    """kommunekode, navn, geometry: the kommunegrænser reference layer."""
    natur: gpd.GeoDataFrame
    """kind (natura2000 · paragraf3 · fredning), navn, geometry."""
    lokalplaner: gpd.GeoDataFrame
    """planid, plannavn, anvgen, status, komnr, geometry (Plandata field names)."""
    submissions: dict[str, dict[str, gpd.GeoDataFrame]] = field(default_factory=dict)
    """kommunekode -> layer name -> features with every field of the data model."""
    later_sites: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    """kommunekode -> one site the kommune adds in its update (its lokalplan is already adopted)."""
    boundary_source: str = ""
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def real_boundaries(self) -> bool:
        return self.boundary_source.startswith(DAGI_LABEL)

    @property
    def kommunekoder(self) -> list[str]:
        return list(self.submissions)


@dataclass
class _KommuneParts:
    natur: list[dict] = field(default_factory=list)
    lokalplaner: list[dict] = field(default_factory=list)
    layers: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in LAYERS})
    later_site: dict = field(default_factory=dict)


def generate_demo(
    seed: int = DEFAULT_SEED, today: dt.date | None = None, shared_data: Path | None = None
) -> DemoDataset:
    """The demo data set; real DAGI boundaries when ``shared_data`` holds them."""
    today = today or dt.date.today()
    rng = np.random.default_rng(seed)
    boundaries, source = demo_boundaries(rng, shared_data)
    natur, lokalplaner, submissions, later_sites = [], [], {}, {}
    plan_numbers = iter(range(1_000_001, 1_100_000, 7))
    for kommune in DEMO_KOMMUNER:
        kommune_rng = np.random.default_rng([seed, int(kommune.kommunekode)])
        parts = _generate_kommune(
            kommune_rng, kommune, boundaries[kommune.kommunekode], today, plan_numbers
        )
        natur += parts.natur
        lokalplaner += parts.lokalplaner
        submissions[kommune.kommunekode] = {
            name: _layer_frame(name, rows) for name, rows in parts.layers.items()
        }
        later_sites[kommune.kommunekode] = _layer_frame("erhvervsareal", [parts.later_site])
    kommuner = gpd.GeoDataFrame(
        {
            "kommunekode": [k.kommunekode for k in DEMO_KOMMUNER],
            "navn": [k.navn for k in DEMO_KOMMUNER],
        },
        geometry=[_multi(boundaries[k.kommunekode]) for k in DEMO_KOMMUNER],
        crs=CRS,
    )
    return DemoDataset(
        kommuner=kommuner,
        natur=gpd.GeoDataFrame(natur, geometry="geometry", crs=CRS),
        lokalplaner=gpd.GeoDataFrame(lokalplaner, geometry="geometry", crs=CRS),
        submissions=submissions,
        later_sites=later_sites,
        boundary_source=source,
        today=today,
    )


def _generate_kommune(
    rng: np.random.Generator,
    kommune: DemoKommune,
    boundary: BaseGeometry,
    today: dt.date,
    plan_numbers,
) -> _KommuneParts:
    parts = _KommuneParts()
    placer = Placer(rng, boundary, kommune.centre, spread_m=kommune.radius_m * 0.45)
    for kind, template, (low, high) in NATUR_KINDS:
        radius = rng.uniform(low, high)
        shape = placer.place(
            lambda centre, radius=radius: blob_polygon(rng, centre, radius), gap_m=150.0
        )
        parts.natur.append(
            {
                "kind": kind,
                "navn": template.format(sted=rng.choice(records.STEDER)),
                "geometry": shape,
            }
        )

    kandidat_area = log_uniform(rng, *KANDIDAT_AREA_M2)
    kandidat = placer.place(lambda centre: plot_polygon(rng, centre, kandidat_area), gap_m=120.0)
    parts.layers["industripark_kandidat"].append(
        {
            **records.industripark_kandidat(rng, kommune, areal_m2=kandidat.area, today=today),
            "geometry": kandidat,
        }
    )

    used_names: set[str] = set()
    hidden = set(rng.choice(SITES_PER_KOMMUNE, HIDDEN_SITES_PER_KOMMUNE, replace=False).tolist())
    for index in range(SITES_PER_KOMMUNE):
        parts.layers["erhvervsareal"].append(
            _site(
                rng,
                placer,
                kommune,
                boundary,
                index,
                used_names,
                plan_numbers,
                today,
                parts.lokalplaner,
                myndigheder=index in hidden,
            )
        )
    sites = [row["geometry"] for row in parts.layers["erhvervsareal"]]

    housing_area = log_uniform(rng, 40_000.0, 120_000.0)
    housing = placer.place(lambda centre: plot_polygon(rng, centre, housing_area), gap_m=80.0)
    parts.lokalplaner.append(
        _lokalplan(
            kommune,
            str(next(plan_numbers)),
            f"Boligområde ved {rng.choice(records.STEDER)}",
            RESIDENTIAL_ANVGEN,
            housing,
        )
    )

    for number, (type_code, planned, near_site) in enumerate(INFRASTRUKTUR_PLAN):
        anchor = sites[number % len(sites)] if near_site else Polygon()
        point = (
            placer.point_near(anchor, 150.0, 600.0)
            if near_site
            else placer.point_near(shapely.Point(kommune.centre), 300.0, kommune.radius_m * 0.6)
        )
        values = records.infrastruktur(rng, kommune, type_code, planned=planned)
        parts.layers["infrastruktur"].append({**values, "geometry": point})
    parts.later_site = _site(
        rng,
        placer,
        kommune,
        boundary,
        SITES_PER_KOMMUNE,
        used_names,
        plan_numbers,
        today,
        parts.lokalplaner,
        myndigheder=False,
    )
    return parts


def _site(
    rng: np.random.Generator,
    placer: Placer,
    kommune: DemoKommune,
    boundary: BaseGeometry,
    index: int,
    used_names: set[str],
    plan_numbers,
    today: dt.date,
    lokalplaner: list[dict],
    myndigheder: bool,
) -> dict:
    """One business site with the adopted lokalplan that covers it (added to ``lokalplaner``)."""
    area = log_uniform(rng, *SITE_AREA_M2)
    site = placer.place(lambda centre: plot_polygon(rng, centre, area), gap_m=60.0)
    anvgen = records.pick(rng, "anvendelse_generel", among={"31"} if index % 4 else {"21"})
    navn = records.site_name(rng, used_names)
    planid = str(next(plan_numbers))
    plan_area = site.buffer(LOKALPLAN_MARGIN_M, join_style="mitre").intersection(boundary)
    lokalplaner.append(_lokalplan(kommune, planid, f"Lokalplan for {navn}", anvgen, plan_area))
    values = records.erhvervsareal(
        rng,
        kommune,
        navn=navn,
        areal_m2=site.area,
        lokalplan_id=planid,
        anvendelse_generel=anvgen,
        ramme_nummer=index + 1,
        today=today,
        myndigheder=myndigheder,
    )
    return {**values, "geometry": site}


def _lokalplan(
    kommune: DemoKommune, planid: str, plannavn: str, anvgen: str, geometry: BaseGeometry
) -> dict:
    return {
        "planid": planid,
        "plannavn": plannavn,
        "anvgen": int(anvgen),
        "status": ADOPTED,
        "komnr": int(kommune.kommunekode),
        "geometry": _multi(geometry),
    }


def _multi(geometry: BaseGeometry) -> BaseGeometry:
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    return geometry


def _layer_frame(layer_name: str, rows: list[dict]) -> gpd.GeoDataFrame:
    """Rows as a GeoDataFrame with the layer's columns in data-model order and types."""
    layer = LAYERS[layer_name]
    frame = pd.DataFrame(rows, columns=[*layer.field_names, "geometry"])
    for model_field in layer.fields:
        column = frame[model_field.name]
        if model_field.type is FieldType.DATE:
            frame[model_field.name] = pd.to_datetime(column).dt.date
        elif model_field.type is FieldType.INTEGER:
            frame[model_field.name] = column.astype("Int64")
        elif model_field.type is FieldType.REAL:
            frame[model_field.name] = column.astype("float64")
        elif model_field.type is FieldType.BOOLEAN:
            frame[model_field.name] = column.astype("boolean")
    geometries = frame["geometry"].tolist()
    if layer.geometry_types[0] == "MultiPolygon":
        geometries = [_multi(geometry) for geometry in geometries]
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometries, crs=CRS)


def update_of(dataset: DemoDataset, kommunekode: str) -> dict[str, gpd.GeoDataFrame]:
    """The kommune's next submission: one site reserved by a company, one site sold and gone,
    one new site; the rest unchanged. Gives the approver a diff to review."""
    layers = {name: frame.copy() for name, frame in dataset.submissions[kommunekode].items()}
    sites = layers["erhvervsareal"]
    public = sites.index[sites["synlighed"] == Visibility.OFFENTLIG.value]
    reserved, sold = public[0], public[-1]
    sites.loc[reserved, "status"] = records.pick(
        np.random.default_rng(0), "erhvervsareal_status", among={"reserveret"}
    )
    sites.loc[reserved, "ledigt_areal_m2"] = 0.0
    sites.loc[reserved, "sidst_bekraeftet"] = dataset.today
    sites = sites.drop(index=sold)
    layers["erhvervsareal"] = gpd.GeoDataFrame(
        pd.concat([sites, dataset.later_sites[kommunekode]], ignore_index=True),
        geometry="geometry",
        crs=CRS,
    )
    return layers


def write_submission(
    dataset: DemoDataset,
    kommunekode: str,
    path: Path,
    layers: dict[str, gpd.GeoDataFrame] | None = None,
) -> Path:
    """One kommune's submission (or the given layers): the municipalities' GeoPackage template,
    filled in."""
    from ..template import write_template

    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(path)
    for layer_name, frame in (layers or dataset.submissions[kommunekode]).items():
        _to_gpkg(frame, path, layer_name, append=True)
    return path


@dataclass(frozen=True)
class ReferenceFile:
    kind: str
    """kommunegraenser · natur · lokalplaner"""
    path: Path
    natur_kind: str | None = None
    """For natur: which protection the file holds (one kind per file, as the authorities ship)."""


def write_references(dataset: DemoDataset, folder: Path) -> list[ReferenceFile]:
    """The reference layers as GeoPackages, ready for ``references import``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    parts = [
        ("kommunegraenser", None, dataset.kommuner),
        *(
            ("natur", natur_kind, dataset.natur[dataset.natur["kind"] == natur_kind])
            for natur_kind in dict.fromkeys(dataset.natur["kind"])
        ),
        ("lokalplaner", None, dataset.lokalplaner),
    ]
    for kind, natur_kind, frame in parts:
        name = f"{kind}_{natur_kind}" if natur_kind else kind
        path = folder / f"{name}.gpkg"
        path.unlink(missing_ok=True)
        _to_gpkg(frame.reset_index(drop=True), path, name)
        written.append(ReferenceFile(kind, path, natur_kind))
    return written


def _to_gpkg(frame: gpd.GeoDataFrame, path: Path, layer_name: str, append: bool = False) -> None:
    """Dates go as ISO text: GDAL turns them into the template's DATE fields."""
    frame = frame.copy()
    for column in frame.columns.drop(frame.geometry.name):
        if frame[column].map(lambda value: isinstance(value, dt.date)).any():
            frame[column] = frame[column].map(
                lambda value: value.isoformat() if isinstance(value, dt.date) else None
            )
    pyogrio.write_dataframe(frame, path, layer=layer_name, driver="GPKG", append=append)
