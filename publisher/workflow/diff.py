"""What a submission changes against the kommune's current release, by objekt_id."""

from __future__ import annotations

from typing import Sequence

from datamodel import CRS, LAYERS
from datamodel.schema import Surface

from ..store import FeatureRow
from ..store.features import same_geometry

PUBLIC = "offentlig"
KEY_FIELDS = {
    name: tuple(
        f.name
        for f in layer.fields
        if f.name not in ("objekt_id", "kommunekode", "navn")
        and (
            f.is_public_on(Surface.TILE) or f.is_public_on(Surface.FINDER) or f.name == "synlighed"
        )
    )
    for name, layer in LAYERS.items()
}
"""What the approver sees of a new or deleted object: what the map draws and filters on, and
whether it is public."""


def _key(row: FeatureRow) -> tuple[str, str] | None:
    return None if row.objekt_id is None else (row.layer, row.objekt_id)


def _present(attributes: dict) -> dict:
    return {k: v for k, v in attributes.items() if v is not None}


def _item(row: FeatureRow, with_attributes: bool = False) -> dict:
    item = {
        "layer": row.layer,
        "objekt_id": row.objekt_id,
        "navn": row.attributes.get("navn") or "",
    }
    if with_attributes:
        item["attributes"] = {
            name: row.attributes.get(name)
            for name in KEY_FIELDS.get(row.layer, ())
            if row.attributes.get(name) is not None
        }
    return item


def _public(row: FeatureRow | None) -> bool:
    return row is not None and row.attributes.get("synlighed") == PUBLIC


def changed_fields(old: dict, new: dict) -> list[str]:
    old, new = _present(old), _present(new)
    return sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))


def diff(submitted: Sequence[FeatureRow], current: Sequence[FeatureRow]) -> dict:
    """Counts and details of new, changed, deleted and unchanged objects, and what it does to
    the public map: objects that become public (new, or public now and not before), that are
    withdrawn (deleted, or no longer public) and public objects that change."""
    before = {key: row for row in current if (key := _key(row)) is not None}
    new, changed, unchanged = [], [], []
    published = withdrawn = changed_public = 0
    seen = set()
    for row in submitted:
        key = _key(row)
        if key is None or key in seen:
            continue
        seen.add(key)
        old = before.get(key)
        if old is None:
            new.append(_item(row, with_attributes=True))
            published += _public(row)
            continue
        fields = changed_fields(old.attributes, row.attributes)
        geometry_changed = not same_geometry(old.wkb, row.wkb)
        if fields or geometry_changed:
            changed.append(
                {
                    **_item(row),
                    "fields": [
                        {
                            "field": name,
                            "old": old.attributes.get(name),
                            "new": row.attributes.get(name),
                        }
                        for name in fields
                    ],
                    "geometry_changed": geometry_changed,
                }
            )
            if _public(row) and _public(old):
                changed_public += 1
        else:
            unchanged.append(_item(row))
        published += _public(row) and not _public(old)
        withdrawn += _public(old) and not _public(row)
    deleted = [_item(row, with_attributes=True) for key, row in before.items() if key not in seen]
    withdrawn += sum(_public(before[(d["layer"], d["objekt_id"])]) for d in deleted)
    return {
        "counts": {
            "new": len(new),
            "changed": len(changed),
            "deleted": len(deleted),
            "unchanged": len(unchanged),
        },
        "public": {
            "published": int(published),
            "withdrawn": int(withdrawn),
            "changed": changed_public,
        },
        "new": new,
        "changed": changed,
        "deleted": deleted,
        "unchanged": unchanged,
    }


DIFF_ITEMS_SHOWN = 500
"""Objects listed per kind (new, changed, deleted, unchanged) in a submission's answer; the
counts are always complete and the map (``diff_geojson``) shows every object."""


def bounded(result: dict, limit: int = DIFF_ITEMS_SHOWN) -> dict:
    """The diff with at most ``limit`` objects listed per kind; ``omitted`` counts the rest."""
    kinds = ("new", "changed", "deleted", "unchanged")
    return {
        **result,
        **{kind: result[kind][:limit] for kind in kinds},
        "omitted": {kind: max(0, len(result[kind]) - limit) for kind in kinds},
    }


def diff_geojson(
    result: dict, submitted: Sequence[FeatureRow], current: Sequence[FeatureRow], boundary=None
) -> dict:
    """The diff as a GeoJSON FeatureCollection in WGS84 for the approval map.

    ``aendring`` is ny · aendret · slettet · uaendret (· kommunegraense for the outline);
    deleted objects carry their geometry from the current release.
    """
    import geopandas as gpd
    import shapely

    kinds: dict[tuple[str, str | None], str] = {}
    for kind in ("new", "changed", "unchanged"):
        for item in result[kind]:
            kinds[(item["layer"], item["objekt_id"])] = kind
    labels = {"new": "ny", "changed": "aendret", "deleted": "slettet", "unchanged": "uaendret"}
    changed_fields = {
        (c["layer"], c["objekt_id"]): ", ".join(f["field"] for f in c["fields"])
        for c in result["changed"]
    }
    records, geometries = [], []

    def add(row: FeatureRow, kind: str) -> None:
        key = (row.layer, row.objekt_id)
        records.append(
            {
                "aendring": labels[kind],
                "layer": row.layer,
                "objekt_id": row.objekt_id,
                "navn": row.attributes.get("navn") or "",
                "felter": changed_fields.get(key, ""),
            }
        )
        geometries.append(shapely.from_wkb(row.wkb) if row.wkb else None)

    for row in submitted:
        change = kinds.get((row.layer, row.objekt_id))
        if change:
            add(row, change)
    deleted = {(d["layer"], d["objekt_id"]) for d in result["deleted"]}
    for row in current:
        if (row.layer, row.objekt_id) in deleted:
            add(row, "deleted")
    if boundary is not None:
        records.append(
            {"aendring": "kommunegraense", "layer": "", "objekt_id": "", "navn": "", "felter": ""}
        )
        geometries.append(boundary)
    frame = gpd.GeoDataFrame(records, geometry=geometries, crs=CRS).to_crs(4326)
    return frame.__geo_interface__
