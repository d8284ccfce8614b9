"""Reference layers (kommunegrænser, natur, lokalplaner) in the store, replaced atomically."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .backends import utc_now
from .records import FeatureRow
from .store import Store


@dataclass(frozen=True)
class ReferenceImport:
    kind: str
    source: str
    file_name: str
    feature_count: int
    imported_at: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "source": self.source, "file_name": self.file_name,
                "feature_count": self.feature_count, "imported_at": self.imported_at}


def replace_reference_layer(store: Store, kind: str, source: str, file_name: str,
                            rows: Sequence[FeatureRow], actor: str,
                            replace_whole_kind: bool = False) -> None:
    """Swap in one kind (or one kind+source) of reference data in a single transaction."""
    backend = store.backend
    with store.transaction() as tx:
        if replace_whole_kind:
            tx.execute("DELETE FROM reference_features WHERE kind = ?", (kind,))
            tx.execute("DELETE FROM reference_imports WHERE kind = ?", (kind,))
        else:
            tx.execute("DELETE FROM reference_features WHERE kind = ? AND source = ?",
                       (kind, source))
            tx.execute("DELETE FROM reference_imports WHERE kind = ? AND source = ?",
                       (kind, source))
        tx.execute("INSERT INTO reference_imports (kind, source, file_name, feature_count, "
                   "imported_at) VALUES (?, ?, ?, ?, ?)",
                   (kind, source, file_name, len(rows), backend.timestamp(utc_now())))
        tx.executemany(f"INSERT INTO reference_features (kind, source, attributes, geom) "
                       f"VALUES (?, ?, ?, {backend.geom_param})",
                       [(kind, source, backend.json_param(r.attributes), r.wkb) for r in rows])
        store._audit(tx, actor, "reference_importeret",
                     details={"kind": kind, "source": source, "file_name": file_name,
                              "features": len(rows)})


def reference_imports(store: Store) -> list[ReferenceImport]:
    with store.transaction() as tx:
        rows = tx.all("SELECT kind, source, file_name, feature_count, imported_at "
                      "FROM reference_imports ORDER BY kind, source")
    return [ReferenceImport(r[0], r[1], r[2], r[3], store.backend.timestamp_text(r[4]))
            for r in rows]


def reference_rows(store: Store, kind: str) -> list[FeatureRow]:
    backend = store.backend
    with store.transaction() as tx:
        rows = tx.all(f"SELECT id, attributes, {backend.geom_out('geom')} FROM reference_features "
                      f"WHERE kind = ? ORDER BY id", (kind,))
    return [FeatureRow(kind, number, None, backend.json_value(r[1]), backend.blob(r[2]))
            for number, r in enumerate(rows, start=1)]
