""" "Bekræft uændret": a kommune confirms chosen sites without editing them.

The publisher makes the confirmation as a submission of its own: the kommune's current release
with ``sidst_bekraeftet`` set to today for the chosen sites, written as a GeoPackage and sent
through the normal workflow (validated by the rulebook, queued for approval, one approval
publishes it). Its diff against the current release holds only the new dates, so the approver
can approve it in one step.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from datamodel import LAYERS, FieldType
from datamodel.freshness import CONFIRMATION_FIELD

from ..store.features import frames_from_rows
from ..errors import InvalidRequest

MAX_SITES = 10_000
"""At most this many sites in one confirmation (more than any kommune has)."""
SITE_LAYER = "erhvervsareal"


def chosen_ids(value) -> list[str]:
    """The request's ``objekt_ids``: a non-empty list of distinct texts, at most MAX_SITES."""
    if (
        not isinstance(value, list)
        or not value
        or len(value) > MAX_SITES
        or not all(isinstance(item, str) and 0 < len(item) <= 100 for item in value)
    ):
        raise InvalidRequest(
            f"objekt_ids skal være en liste med 1–{MAX_SITES} objekt-id'er.",
            f"objekt_ids must be a list of 1–{MAX_SITES} object ids.",
        )
    return list(dict.fromkeys(value))


def confirmed_rows(rows, objekt_ids: list[str], today: date):
    """The release's rows with today's date on the chosen sites; InvalidRequest names ids that
    are not sites of the release."""
    known = {row.objekt_id for row in rows if row.layer == SITE_LAYER}
    unknown = [objekt_id for objekt_id in objekt_ids if objekt_id not in known]
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise InvalidRequest(
            f"Disse objekter er ikke erhvervsarealer i kommunens aktuelle udgivelse: {shown}.",
            f"These objects are not business sites in the kommune's current release: {shown}.",
        )
    chosen = set(objekt_ids)
    return [
        row
        if not (row.layer == SITE_LAYER and row.objekt_id in chosen)
        else type(row)(
            row.layer,
            row.feature_no,
            row.objekt_id,
            {**row.attributes, CONFIRMATION_FIELD: today.isoformat()},
            row.wkb,
        )
        for row in rows
    ]


def geopackage_bytes(rows) -> bytes:
    """The rows as a GeoPackage (one table per layer, the data model's column types)."""
    import pyogrio

    from ..outputs.public_data import typed_for_output

    with tempfile.TemporaryDirectory(prefix="bekraeftelse-") as folder:
        path = Path(folder) / "bekraeftelse.gpkg"
        for layer, frame in frames_from_rows(rows).items():
            for field in LAYERS[layer].fields:  # one form of date ("2025-03-01"), as stored or new
                if field.type == FieldType.DATE and field.name in frame.columns:
                    frame[field.name] = [
                        None if value is None else str(value)[:10] for value in frame[field.name]
                    ]
            mixed = layer == "infrastruktur"
            pyogrio.write_dataframe(
                typed_for_output(layer, frame),
                path,
                layer=layer,
                driver="GPKG",
                append=path.exists(),
                geometry_type="Unknown" if mixed else "MultiPolygon",
                promote_to_multi=not mixed,
            )
        return path.read_bytes()
