"""What the public side serves, next to what the store says is current.

The published state is the current build's manifest (shared by every publisher process through
the public folder); the wanted state is every kommune's current release and the reference imports
in the store. They differ after a change until the build worker has switched in a new build, and
after a crash until the worker's reconciliation has.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..outputs import assembly_key, current_build
from ..store import Store


@dataclass(frozen=True)
class Wanted:
    releases: dict[str, str]
    """kommunekode -> current release id (as the manifest writes it)."""
    references: str
    """Key of the reference imports: a new import changes it."""
    with_references: bool = False
    """References are loaded: a map of the national context alone is wanted without releases."""


def references_key(store: Store) -> str:
    """Changes with every reference import and every change of the guidance links."""
    from ..guidance import guidance_entries
    from ..store.reference_layers import reference_imports

    imports = [item.to_dict() for item in reference_imports(store)]
    links = [entry.to_dict() for entry in guidance_entries(store)]
    return hashlib.sha256(json.dumps([imports, links], sort_keys=True).encode()).hexdigest()[:16]


def has_references(store: Store) -> bool:
    from ..store.reference_layers import reference_imports

    return bool(reference_imports(store))


def wanted_state(store: Store) -> Wanted:
    return Wanted(
        {
            state.kommunekode: str(state.release_id)
            for state in store.kommune_states()
            if state.release_id is not None
        },
        references_key(store),
        has_references(store),
    )


def published_manifest(public_dir: Path) -> dict | None:
    build = current_build(public_dir)
    try:
        return json.loads((build / "manifest.json").read_text()) if build else None
    except (OSError, ValueError):
        return None


def out_of_step(wanted: Wanted, manifest: dict | None) -> list[str]:
    """The kommuner whose served release is not the current one (all of them when everything
    must be rebuilt: no build yet, other references or another build recipe); [] when in step."""
    served = (manifest or {}).get("releases", {})
    if manifest is None or (
        manifest.get("references_key") != wanted.references
        or manifest.get("assembly") != assembly_key()
    ):
        everything = sorted(set(served) | set(wanted.releases))
        return everything or (["referencer"] if wanted.with_references else [])
    return sorted(
        code
        for code in set(served) | set(wanted.releases)
        if served.get(code) != wanted.releases.get(code)
    )


def kommune_public_state(
    public_dir: Path, kommunekode: str, release_id: int | None, worker: dict | None
) -> dict:
    """Whether the kommune's current release is what the public map serves, since when, and
    what the build worker of this process is doing."""
    manifest = published_manifest(public_dir) or {}
    served = manifest.get("releases", {}).get(kommunekode)
    return {
        "live": served == (None if release_id is None else str(release_id)),
        "release_id": int(served) if served is not None else None,
        "published_at": manifest.get("published", {}).get(kommunekode),
        "build_id": manifest.get("build_id"),
        "worker": worker,
    }
