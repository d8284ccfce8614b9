"""One public build: every artefact of the current releases, written aside and switched in.

Layout under the public folder:

    builds/<build_id>/      tiles/overblik.pmtiles, tiles/grundkort.pmtiles, tiles/kontekst.pmtiles,
                            style.json, legend.json, labels.json, sites.json, search.json,
                            manifest.json, finder.json, sites/<kommune>.json, guidance.json,
                            downloads/<layer>.gpkg|.geojson (also the context kinds)
    current -> builds/<build_id>     (a symlink replaced atomically with os.replace)
    cache/kommuner/*.pmtiles         one tileset per kommune and release id
    cache/parts/<kode>-<release>/    its rows for the national downloads, sites.json, search.json
    cache/context/<key>/             the context tiles and downloads of one reference revision

Only the current build stays: the moment a new one is switched in, every other build folder is
deleted, so an object a release hid or deleted is served by no build (see docs/public-map.md,
"Withdrawal"). A build that fails removes its half-written folder; `current` keeps pointing at
the last good one. Only kommuner whose release id changed are made anew (and read from the
store); the national files are put together from the cached parts and the current build's files.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path

from datamodel import DATAMODEL_VERSION

from . import context_build, tiles
from .tools import fast_temp_dir
from .assembly import write_build
from .kommune_parts import PARTS_VERSION, PartCache

CURRENT = "current"
BUILDS = "builds"
WORK_PREFIX = "overblik-build-"

Progress = Callable[[str], None]
"""Told the name of each phase as it starts: kommuner, join, references, downloads, indexes,
switch."""


class BuildFailed(RuntimeError):
    """The public build could not be made; the previous artefacts are still served."""

    def __init__(self, cause: Exception):
        self.message_da = (
            f"Det offentlige kort kunne ikke bygges; det forrige vises stadig. Årsag: {cause}"
        )
        self.message_en = (
            f"The public map could not be built; the previous one is still served. Cause: {cause}"
        )
        super().__init__(self.message_da)


@dataclass
class BuildResult:
    build_id: str
    path: Path
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    rebuilt_kommuner: list[str] = field(default_factory=list)


def current_build(public_dir: Path) -> Path | None:
    link = Path(public_dir) / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _new_build_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def assembly_key() -> str:
    """Which part and tile recipe a build was made with; a build made otherwise is not patched."""
    return tiles.options_digest((*tiles.SITE_TILE_OPTIONS, PARTS_VERSION, DATAMODEL_VERSION))


def work_prefix(public_dir: Path) -> str:
    """Prefix of this public folder's temporary work folders (other folders' builds differ)."""
    digest = hashlib.sha256(str(Path(public_dir).resolve()).encode()).hexdigest()[:10]
    return f"{WORK_PREFIX}{digest}-"


def clean_leftovers(public_dir: Path, temp_dir: str | None = None) -> None:
    """Remove what a killed build left behind: its half-written and never switched-in build
    folders, half-written cache files and its temporary work folders. Only the holder of the
    builder lock may call this (no other build of the folder can be running)."""
    public_dir = Path(public_dir)
    current = current_build(public_dir)
    builds = public_dir / BUILDS
    if builds.is_dir():
        for path in builds.iterdir():
            if path != current:
                shutil.rmtree(path, ignore_errors=True)
    for path in (public_dir / "cache").glob("**/.*"):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    for path in Path(temp_dir or fast_temp_dir()).glob(work_prefix(public_dir) + "*"):
        shutil.rmtree(path, ignore_errors=True)


def _switch_current(public_dir: Path, build_path: Path) -> None:
    link = public_dir / CURRENT
    temporary = public_dir / f".{CURRENT}.{secrets.token_hex(4)}"
    os.symlink(Path(BUILDS) / build_path.name, temporary)
    os.replace(temporary, link)


def _prune(public_dir: Path, cache: tiles.TileCache, parts: PartCache) -> None:
    """Every build but the current one, and the cache entries it does not use."""
    current = current_build(public_dir)
    for path in (public_dir / BUILDS).iterdir():
        if path != current and not path.name.startswith("."):
            shutil.rmtree(path, ignore_errors=True)
    if current is None:
        return
    content = json.loads((current / "manifest.json").read_text())
    cache.prune({cache.folder / name for name in content["cache_files"]})
    parts.prune(set(content.get("cache_parts", {}).values()))
    context_build.prune(public_dir / "cache" / "context", {content.get("context")} - {None})


def _previous_state(public_dir: Path) -> dict | None:
    """The current build's manifest and folder, if a new build may start from its files."""
    build = current_build(public_dir)
    manifest = build / "manifest.json" if build else None
    if manifest is None or not manifest.exists():
        return None
    content = json.loads(manifest.read_text())
    if content.get("assembly") != assembly_key():
        return None
    return {**content, "folder": build}


def build_public(
    releases: Mapping,
    references,
    public_dir: Path,
    *,
    tools: tiles.TileTools | None = None,
    references_key: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build every public artefact of `releases` (kommunekode -> KommuneRelease or
    StoredRelease) and switch it in.

    `references` is a mapping of reference frames, None, or a function returning one; with a
    `references_key` equal to the current build's, it is not called and the reference tiles and
    kommune index are reused. Only kommuner whose release id changed since the current build
    are read and made anew. Raises BuildFailed; the previous build then stays current and
    nothing half-made is served.
    """
    public_dir = Path(public_dir)
    tools = tools or tiles.TileTools.locate()
    progress = progress or (lambda phase: None)
    (public_dir / BUILDS).mkdir(parents=True, exist_ok=True)
    cache = tiles.TileCache(public_dir / "cache" / "kommuner", tools)
    parts = PartCache(public_dir / "cache" / "parts")
    build_id = _new_build_id()
    partial = public_dir / BUILDS / f".{build_id}.partial"
    partial.mkdir()
    result = BuildResult(build_id, public_dir / BUILDS / build_id)
    try:
        previous = _previous_state(public_dir)
        with tempfile.TemporaryDirectory(
            prefix=work_prefix(public_dir), dir=tools.temp_dir
        ) as work:
            manifest = write_build(
                releases,
                references,
                references_key,
                partial,
                Path(work),
                cache,
                parts,
                previous,
                result,
                progress,
            )
        manifest.update(build_id=build_id, assembly=assembly_key())
        _write_manifest(partial, manifest, previous)
        progress("switch")
        partial.rename(result.path)
    except Exception as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise BuildFailed(error) from error
    _switch_current(public_dir, result.path)
    _prune(public_dir, cache, parts)
    return result


def _write_manifest(folder: Path, manifest: dict, previous: dict | None) -> None:
    """The manifest with `published`: when each kommune's release first went live (kept from the
    previous build while the release is the same)."""
    from .artefacts import write_json

    now = datetime.now(UTC).isoformat(timespec="seconds")
    before = previous or {}
    manifest["built_at"] = now
    manifest["published"] = {
        code: (
            before.get("published", {}).get(code, now)
            if before.get("releases", {}).get(code) == release_id
            else now
        )
        for code, release_id in manifest["releases"].items()
    }
    write_json(folder / "manifest.json", manifest)
