"""What the context adds to the public business sites: ``omgivelser`` and the next steps.

The site records (``sites.json``, the card's ``sites/<part>.json``) carry both as objects; the
downloads and the OGC API items carry ``omgivelser`` as the flat ``omg_*`` columns of
``datamodel.omgivelser``.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from datamodel import FieldType
from datamodel.guidance import next_steps
from datamodel.omgivelser import FACTS, flat_columns, flat_fields, flatten

from .omgivelser import OmgivelserIndex

SITE_LAYER = "erhvervsareal"


def _flat_dtypes() -> dict[str, str]:
    dtypes = {FieldType.TEXT: "object", FieldType.BOOLEAN: "boolean"}
    return {field.name: dtypes.get(field.type, "float64") for field in flat_fields()}


FLAT_DTYPES = _flat_dtypes()


def compute(index: OmgivelserIndex | None, sites_25832: gpd.GeoDataFrame) -> list[dict] | None:
    """One omgivelser object per site (None when no reference is loaded)."""
    if index is None or not index.keys or sites_25832.empty:
        return None
    return index.compute(sites_25832.geometry)


def with_flat_columns(typed: gpd.GeoDataFrame, omgivelser: list[dict] | None) -> gpd.GeoDataFrame:
    """The site download rows with the omg_* columns (empty ones without omgivelser)."""
    items: list[dict | None] = list(omgivelser) if omgivelser else [None] * len(typed)
    rows = [flatten(item) for item in items]
    flat = pd.DataFrame(rows, columns=list(flat_columns()), index=typed.index)
    for column, dtype in FLAT_DTYPES.items():
        flat[column] = (
            flat[column].astype(dtype) if dtype != "object" else flat[column].astype(object)
        )
    return gpd.GeoDataFrame(
        pd.concat([typed.drop(columns=typed.geometry.name), flat], axis=1),
        geometry=typed.geometry.values,
        crs=typed.crs,
        index=typed.index,
    )


def nested_columns(typed: pd.DataFrame, omgivelser: list[dict] | None) -> dict[str, list]:
    """The records' ``omgivelser`` and ``naeste_skridt`` (topic codes of datamodel.guidance)."""
    items = omgivelser or [{} for _ in range(len(typed))]
    records = typed.drop(columns=[c for c in typed.columns if c == "geometry"]).to_dict("records")
    return {
        "omgivelser": items if omgivelser else [None] * len(typed),
        "naeste_skridt": [next_steps(record, item) for record, item in zip(records, items)],
    }


def fact_labels() -> list[dict]:
    """The omgivelser facts as the card shows them: key, source kind, labels and their fields."""
    return [
        {
            "key": fact.key,
            "kind": fact.kind,
            "measure": fact.measure.value,
            "da": fact.label_da,
            "en": fact.label_en,
            "fields": {
                spec.name: {"da": spec.label_da, "en": spec.label_en, "codelist": spec.codelist}
                for spec in fact.fields
            },
        }
        for fact in FACTS
    ]
