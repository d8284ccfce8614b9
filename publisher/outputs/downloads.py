"""The open-data downloads of one layer, as a GIS user opens them: a GeoPackage (EPSG:25832) and a
GeoJSON file (WGS84, RFC 7946).

* Every code has its Danish label beside it (``status`` and ``status_tekst``), and the GeoPackage
  holds the full code lists in Danish and English (table ``kodelister``): QGIS 3.22 reads no
  GeoPackage field domains, so the labels travel as columns.
* A layer that mixes points, lines and areas (infrastruktur) is one GeoPackage table per geometry
  type (``infrastruktur_punkt``, ``_linje``, ``_flade``), each with its proper type; the GeoJSON
  keeps them in one collection, as RFC 7946 allows.
* A README with source, licence and the meaning of the columns rides inside: the GeoPackage's
  ``readme`` table and each table's description, the GeoJSON's ``description`` member.

The same tables are what OGC API Features serves (``publisher.public.ogc_store``).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from datamodel import CODELISTS, DATAMODEL_VERSION, LAYERS
from datamodel.schema import GEOMETRY_DIMENSIONS

DOWNLOAD_FORMATS = ("gpkg", "geojson")
LABEL_SUFFIX = "_tekst"
CODELIST_TABLE = "kodelister"
README_TABLE = "readme"
SOURCE_DA = "Kommunerne via Erhvervsstyrelsens Overblikskort"
SOURCE_EN = "The Danish municipalities via the Danish Business Authority's Overblikskort"
LICENCE_DA = (
    "Frie data: må bruges, også kommercielt, når kilden angives som "
    '"Erhvervsstyrelsen og kommunerne (Overblikskort)".'
)
LICENCE_EN = (
    "Open data: free to use, also commercially, with the source given as "
    '"Erhvervsstyrelsen og kommunerne (Overblikskort)".'
)

_DIMENSION_TABLES = {
    "point": ("punkt", "MultiPoint"),
    "line": ("linje", "MultiLineString"),
    "polygon": ("flade", "MultiPolygon"),
}
"""The table suffix and the table geometry type of each dimension (`Layer.dimensions`)."""


def download_paths(layer_name: str) -> dict:
    return {fmt: f"downloads/{layer_name}.{fmt}" for fmt in DOWNLOAD_FORMATS}


def download_tables(layer_name: str) -> dict[str, str]:
    """The GeoPackage tables of a layer and their geometry types: one table named as the layer,
    or one per geometry type for a layer that mixes them."""
    layer = LAYERS[layer_name]
    if not layer.is_mixed:
        return {layer_name: _DIMENSION_TABLES[layer.dimensions[0]][1]}
    return {
        f"{layer_name}_{_DIMENSION_TABLES[d][0]}": _DIMENSION_TABLES[d][1] for d in layer.dimensions
    }


def label_columns(layer_name: str) -> dict[str, str]:
    """code field → the column holding its Danish label, for the layer's fields with a code list."""
    return {
        spec.name: spec.name + LABEL_SUFFIX for spec in LAYERS[layer_name].fields if spec.codelist
    }


def with_labels(layer_name: str, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with each code's Danish label in a column right after it."""
    layer = LAYERS[layer_name]
    columns: dict[str, object] = {}
    for name in frame.columns:
        if name == frame.geometry.name:
            continue
        columns[name] = frame[name]
        spec = next((f for f in layer.fields if f.name == name), None)
        if spec is not None and spec.codelist:
            labels = {code.value: code.label_da for code in CODELISTS[spec.codelist].codes}
            values = frame[name].astype("string")
            columns[name + LABEL_SUFFIX] = (
                values.map(labels)
                .astype(object)
                .where(values.notna() & values.isin(list(labels)), None)
            )
    return gpd.GeoDataFrame(
        columns, geometry=frame.geometry.to_numpy(), crs=frame.crs, index=frame.index
    )


_README = {
    "da": (
        "{layer} – åbne data fra Overblikskort",
        f"Kilde: {SOURCE_DA}.",
        f"Licens: {LICENCE_DA}",
        "Datamodel: version {version}. Koordinater: GeoPackage i EPSG:25832 (ETRS89 / UTM 32N), "
        "GeoJSON i WGS84.",
        "Kun objekter, som kommunen har markeret som offentlige, er med.",
        f"Koder har deres tekst i kolonnen <felt>{LABEL_SUFFIX}; alle kodelister på dansk og "
        f"engelsk står i tabellen {CODELIST_TABLE}.",
        "Punkter, linjer og flader ligger i hver sin tabel: {tables}.",
        "Felter:",
    ),
    "en": (
        "{layer} – open data from Overblikskort",
        f"Source: {SOURCE_EN}.",
        f"Licence: {LICENCE_EN}",
        "Data model: version {version}. Coordinates: GeoPackage in EPSG:25832 (ETRS89 / UTM 32N), "
        "GeoJSON in WGS84.",
        "Only objects the municipality marked as public are included.",
        f"Codes have their Danish text in the column <field>{LABEL_SUFFIX}; every code list in "
        f"Danish and English is in the table {CODELIST_TABLE}.",
        "Points, lines and areas are in separate tables: {tables}.",
        "Fields:",
    ),
}
"""The README's sentences in each language."""


def readme(layer_name: str, language: str = "da") -> str:
    """What the download is, where it comes from, its licence and how to read the columns."""
    layer = LAYERS[layer_name]
    tables = download_tables(layer_name)
    title, source, licence, version, public, codes, split, fields = _README[language]
    description = layer.description_da if language == "da" else layer.description_en
    lines = [
        title.format(layer=layer.label(language)),
        "",
        description,
        "",
        source,
        licence,
        version.format(version=DATAMODEL_VERSION),
        public,
        codes,
    ]
    if len(tables) > 1:
        lines.append(split.format(tables=", ".join(tables)))
    lines += ["", fields] + [
        f"- {spec.name}: {spec.label(language)}"
        for spec in layer.fields
        if spec.public is not None and spec.public.surfaces
    ]
    return "\n".join(lines)


def _codelist_rows(layer_name: str) -> pd.DataFrame:
    rows = []
    for spec in LAYERS[layer_name].fields:
        if spec.codelist and spec.public is not None:
            for code in CODELISTS[spec.codelist].codes:
                rows.append(
                    {
                        "felt": spec.name,
                        "kodeliste": spec.codelist,
                        "kode": code.value,
                        "tekst_da": code.label_da,
                        "tekst_en": code.label_en,
                        "foreloebig": code.provisional,
                    }
                )
    return pd.DataFrame(
        rows, columns=["felt", "kodeliste", "kode", "tekst_da", "tekst_en", "foreloebig"]
    )


def write_gpkg(layer_name: str, typed_25832: gpd.GeoDataFrame, path: Path) -> None:
    """GeoPackage in EPSG:25832 of a frame from `typed_for_output`: the layer's tables (see
    `download_tables`, each written even when empty), the code lists and the README."""
    path.parent.mkdir(parents=True, exist_ok=True)
    labelled = with_labels(layer_name, typed_25832)
    tables = download_tables(layer_name)
    table_types = [
        _DIMENSION_TABLES[GEOMETRY_DIMENSIONS[kind]][1] if kind in GEOMETRY_DIMENSIONS else None
        for kind in labelled.geometry.geom_type.tolist()
    ]
    description = readme(layer_name, "da").split("\n\n", 1)[0]
    for table, geometry_type in tables.items():
        rows = (
            labelled.loc[[kind == geometry_type for kind in table_types]]
            if len(tables) > 1
            else labelled
        )
        pyogrio.write_dataframe(
            rows,
            path,
            layer=table,
            driver="GPKG",
            geometry_type=geometry_type,
            promote_to_multi=True,
            layer_options={"DESCRIPTION": description},
        )
    pyogrio.write_dataframe(_codelist_rows(layer_name), path, layer=CODELIST_TABLE, driver="GPKG")
    texts = pd.DataFrame(
        {"sprog": ["da", "en"], "tekst": [readme(layer_name, "da"), readme(layer_name, "en")]}
    )
    pyogrio.write_dataframe(texts, path, layer=README_TABLE, driver="GPKG")


def write_geojson(layer_name: str, typed_wgs84: gpd.GeoDataFrame, path: Path) -> None:
    """GeoJSON in WGS84 (RFC 7946) of a frame from `typed_for_output`, with the label columns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(
        with_labels(layer_name, typed_wgs84),
        path,
        layer=layer_name,
        driver="GeoJSON",
        RFC7946="YES",
        WRITE_NAME="NO",
        geometry_type="Unknown",
    )


def geojson_metadata(layer_name: str) -> dict:
    """The members a national GeoJSON download carries beside its features."""
    return {
        "name": layer_name,
        "description": readme(layer_name, "da") + "\n\n" + readme(layer_name, "en"),
    }
