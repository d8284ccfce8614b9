"""Reference layers in the store, each import replaced atomically with its provenance."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Sequence

from .backends import utc_now
from .records import FeatureRow
from .store import Store


@dataclass(frozen=True)
class Provenance:
    """Where one import came from, shown beside its layer on the public map."""

    source: str
    """The name of the source; a re-import of it replaces it."""
    file_name: str
    data_date: str | None
    """The date of the data (ISO), as ERST gave it or the file's date."""
    licence: str
    attribution: str
    synlighed: str
    """The visibility rule the import applied (the kind's rule or ERST's choice)."""


@dataclass(frozen=True)
class ReferenceImport:
    kind: str
    source: str
    file_name: str
    feature_count: int
    imported_at: str
    data_date: str | None = None
    licence: str = ""
    attribution: str = ""
    synlighed: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


_COLUMNS = (
    "kind, source, file_name, feature_count, imported_at, data_date, licence, "
    "attribution, synlighed"
)


def replace_reference_layer(
    store: Store,
    kind: str,
    provenance: Provenance,
    rows: Sequence[FeatureRow],
    actor: str,
    replace_whole_kind: bool = False,
) -> None:
    """Swap in one kind (or one kind+source) of reference data in a single transaction."""
    backend = store.backend
    source = provenance.source
    with store.transaction() as tx:
        if replace_whole_kind:
            tx.execute("DELETE FROM reference_features WHERE kind = ?", (kind,))
            tx.execute("DELETE FROM reference_imports WHERE kind = ?", (kind,))
        else:
            tx.execute(
                "DELETE FROM reference_features WHERE kind = ? AND source = ?", (kind, source)
            )
            tx.execute(
                "DELETE FROM reference_imports WHERE kind = ? AND source = ?", (kind, source)
            )
        tx.execute(
            f"INSERT INTO reference_imports ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                kind,
                source,
                provenance.file_name,
                len(rows),
                backend.timestamp(utc_now()),
                provenance.data_date,
                provenance.licence,
                provenance.attribution,
                provenance.synlighed,
            ),
        )
        tx.executemany(
            f"INSERT INTO reference_features (kind, source, attributes, geom) "
            f"VALUES (?, ?, ?, {backend.geom_param})",
            [(kind, source, backend.json_param(r.attributes), r.wkb) for r in rows],
        )
        store._audit(
            tx,
            actor,
            "reference_importeret",
            details={
                "kind": kind,
                "source": source,
                "file_name": provenance.file_name,
                "features": len(rows),
                "data_date": provenance.data_date,
                "synlighed": provenance.synlighed,
            },
        )


def remove_reference_source(store: Store, kind: str, source: str, actor: str) -> bool:
    """Remove one imported source of a kind; False when there was none."""
    with store.transaction() as tx:
        if not tx.one(
            "SELECT 1 FROM reference_imports WHERE kind = ? AND source = ?", (kind, source)
        ):
            return False
        tx.execute("DELETE FROM reference_features WHERE kind = ? AND source = ?", (kind, source))
        tx.execute("DELETE FROM reference_imports WHERE kind = ? AND source = ?", (kind, source))
        store._audit(tx, actor, "reference_fjernet", details={"kind": kind, "source": source})
    return True


def reference_imports(store: Store) -> list[ReferenceImport]:
    with store.transaction() as tx:
        rows = tx.all(f"SELECT {_COLUMNS} FROM reference_imports ORDER BY kind, source")
    return [
        ReferenceImport(
            r[0],
            r[1],
            r[2],
            r[3],
            store.backend.timestamp_text(r[4]),
            r[5],
            r[6] or "",
            r[7] or "",
            r[8] or "",
        )
        for r in rows
    ]


def reference_revision(store: Store) -> str:
    """Changes whenever any reference import is added, replaced or removed: the cache key of
    everything the build derives from the references (context tiles, omgivelser)."""
    digest = hashlib.sha256()
    for item in reference_imports(store):
        digest.update(
            repr(
                (item.kind, item.source, item.imported_at, item.feature_count, item.synlighed)
            ).encode()
        )
    return digest.hexdigest()[:16]


def reference_rows(store: Store, kind: str) -> list[FeatureRow]:
    backend = store.backend
    with store.transaction() as tx:
        rows = tx.all(
            f"SELECT id, attributes, {backend.geom_out('geom')} FROM reference_features "
            f"WHERE kind = ? ORDER BY id",
            (kind,),
        )
    return [
        FeatureRow(kind, number, None, backend.json_value(r[1]), backend.blob(r[2]))
        for number, r in enumerate(rows, start=1)
    ]
