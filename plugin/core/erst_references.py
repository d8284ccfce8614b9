"""Erhvervsstyrelsen's reference layers in QGIS: fetched from the publisher into a local folder,
refreshed when the publisher's version of a kind differs, and read by Kontrol and every
Processing algorithm by default, so the pre-flight check answers as ERST's check does.

Every kind the publisher lists is fetched (the rule inputs are read from the ones the rulebook
knows: ``datamodel.references.RULE_KINDS``). Each is a GeoPackage of the objects that meet the
kommune with a buffer of ``BUFFER_METRES``; the kommunegrænser come whole, since the rulebook's
"outside Denmark" check (G07) compares a site with every kommune. A manifest
(``referencelag.json``) beside the files names the publisher, kommune, and per kind the version,
sources, dates and counts. No Qt widgets here: the fetch runs in a QgsTask.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from qgis.core import QgsApplication, QgsSettings, QgsVectorLayer

from datamodel.references import RULE_KINDS

from .publisher_client import PublisherClient
from .references import MIXED_NATURE, ReferenceLayers, combined

BUFFER_METRES = 2000
WHOLE_KINDS = frozenset({"kommunegraenser"})
MANIFEST = "referencelag.json"
FOLDER_KEY = "overblikskort/reference_folder"
ERST_PROPERTY = "overblikskort/erst_reference"
"""Custom property on the project layers showing a fetched ERST layer: the kind."""


def reference_folder() -> Path:
    """Where the fetched layers live: the QGIS setting ``overblikskort/reference_folder`` (not on
    the options page), by default the QGIS profile's ``overblikskort/referencelag``."""
    chosen = QgsSettings().value(FOLDER_KEY, "")
    if chosen:
        return Path(str(chosen))
    return Path(QgsApplication.qgisSettingsDirPath()) / "overblikskort" / "referencelag"


@dataclass
class FetchedKind:
    kind: str
    version: str
    file: str
    feature_count: int
    imported_at: str
    """When ERST last imported a source of this kind (the publisher's time, ISO 8601)."""
    sources: list[dict] = field(default_factory=list)
    fetched_at: str = ""


@dataclass
class Manifest:
    publisher: str = ""
    kommune: str = ""
    kinds: dict[str, FetchedKind] = field(default_factory=dict)
    checked_at: str = ""
    """When the publisher's listing was last compared with this copy."""

    @classmethod
    def load(cls, folder: Path | None = None) -> Manifest:
        path = (folder or reference_folder()) / MANIFEST
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(
                data["publisher"],
                data["kommune"],
                {kind: FetchedKind(**entry) for kind, entry in data["kinds"].items()},
                data.get("checked_at", ""),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, folder: Path | None = None) -> None:
        folder = folder or reference_folder()
        folder.mkdir(parents=True, exist_ok=True)
        written = folder / f"{MANIFEST}.part"
        written.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), "utf-8")
        written.replace(folder / MANIFEST)

    def matches(self, publisher: str, kommune: str) -> bool:
        return self.publisher == publisher and self.kommune == kommune

    def outdated(self, listing: list[dict]) -> list[str]:
        """Kinds of the publisher's listing whose version this copy does not have."""
        return [
            entry["kind"]
            for entry in listing
            if entry["kind"] not in self.kinds
            or self.kinds[entry["kind"]].version != entry["version"]
        ]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fetch_references(
    client: PublisherClient,
    kommune: str,
    folder: Path | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] = lambda: False,
) -> tuple[Manifest, list[str]]:
    """Brings the local copy up to the publisher's: downloads the kinds whose version differs,
    drops kinds the publisher no longer has. Returns the manifest and the kinds fetched."""
    folder = folder or reference_folder()
    listing = client.references()
    manifest = Manifest.load(folder)
    if not manifest.matches(client.api, kommune):
        manifest = Manifest(client.api, kommune)
    wanted = manifest.outdated(listing)
    wanted += [
        kind
        for kind in manifest.kinds
        if not (folder / manifest.kinds[kind].file).is_file() and kind not in wanted
    ]
    fetched = []
    for number, entry in enumerate(listing):
        kind = entry["kind"]
        if is_canceled():
            break
        if kind in wanted:
            # A new file per version: the one QGIS has open is never written over.
            name = f"{kind}-{entry['version']}.gpkg"
            download = client.download_reference(
                kind,
                folder / name,
                kommune=None if kind in WHOLE_KINDS else kommune,
                buffer=BUFFER_METRES,
            )
            manifest.kinds[kind] = FetchedKind(
                kind,
                download.version or entry["version"],
                name,
                download.feature_count if download.feature_count is not None else 0,
                entry["imported_at"],
                entry.get("sources", []),
                _now(),
            )
            fetched.append(kind)
        if progress:
            progress(100 * (number + 1) / max(1, len(listing)))
    listed = {entry["kind"] for entry in listing}
    for kind in [kind for kind in manifest.kinds if kind not in listed]:
        manifest.kinds.pop(kind)
    manifest.checked_at = _now()
    manifest.save(folder)
    _remove_stale_files(folder, manifest)
    return manifest, fetched


def _remove_stale_files(folder: Path, manifest: Manifest) -> None:
    """Deletes the files of versions no longer in the manifest; one still open in QGIS (Windows
    refuses) goes on a later fetch."""
    current = {fetched.file for fetched in manifest.kinds.values()}
    for path in folder.glob("*.gpkg"):
        if path.name not in current:
            with contextlib.suppress(OSError):
                path.unlink()


def erst_layers(
    manifest: Manifest | None = None, folder: Path | None = None
) -> dict[str, QgsVectorLayer]:
    """The fetched kinds as (not yet added) QGIS layers, by kind."""
    folder = folder or reference_folder()
    manifest = manifest or Manifest.load(folder)
    layers = {}
    for kind, fetched in manifest.kinds.items():
        path = folder / fetched.file
        if path.is_file():
            layer = QgsVectorLayer(f"{path}|layername={kind}", kind, "ogr")
            if layer.isValid():
                layers[kind] = layer
    return layers


def erst_reference_layers(
    kommune: str | None = None, folder: Path | None = None
) -> ReferenceLayers:
    """ERST's layers as the rulebook's inputs; empty when none are fetched (for ``kommune``)."""
    folder = folder or reference_folder()
    manifest = Manifest.load(folder)
    if kommune and manifest.kommune and manifest.kommune != kommune:
        return ReferenceLayers()
    layers = erst_layers(manifest, folder)
    return ReferenceLayers(
        kommunegraenser=[layers["kommunegraenser"]] if "kommunegraenser" in layers else [],
        natur={MIXED_NATURE: [layers["natur"]]} if "natur" in layers else {},
        lokalplaner=[layers["lokalplaner"]] if "lokalplaner" in layers else [],
        kommuneplanrammer=[layers["kommuneplanrammer"]] if "kommuneplanrammer" in layers else [],
    )


RULE_INPUTS = RULE_KINDS


@dataclass
class ChosenReferences:
    """What a check runs with: ERST's layers, the planner's own where chosen, and what is none."""

    layers: ReferenceLayers
    erst: list[str]
    """Rule inputs read from Erhvervsstyrelsen's layers."""
    own: list[str]
    """Rule inputs read from the planner's own layers (not Erhvervsstyrelsen's)."""
    missing: list[str]
    manifest: Manifest


def choose_references(
    kommune: str, own: ReferenceLayers | None = None, folder: Path | None = None
) -> ChosenReferences:
    """ERST's fetched layers by default; own layers instead for the inputs they give."""
    folder = folder or reference_folder()
    own = own or ReferenceLayers()
    erst = erst_reference_layers(kommune, folder)
    own_kinds, erst_kinds = set(own.kinds()), set(erst.kinds())
    return ChosenReferences(
        combined(erst, own),
        erst=[kind for kind in RULE_INPUTS if kind in erst_kinds and kind not in own_kinds],
        own=[kind for kind in RULE_INPUTS if kind in own_kinds],
        missing=[kind for kind in RULE_INPUTS if kind not in own_kinds | erst_kinds],
        manifest=Manifest.load(folder),
    )


def kommune_area(kommune: str, own: ReferenceLayers | None = None):
    """The kommune as one QgsGeometry (EPSG:25832) from the kommunegrænser a check would use;
    None when none are at hand or the kommune is not in them."""
    own = ReferenceLayers.from_project() if own is None else own
    boundaries = choose_references(kommune, own).layers.kommunegraenser
    if not boundaries:
        return None
    references = ReferenceLayers(kommunegraenser=boundaries).rule_input()
    return references.kommuner.get(kommune) if references else None
