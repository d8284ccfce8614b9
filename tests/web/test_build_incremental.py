"""A one-kommune update starts from the current build's files; it must give what a full rebuild
of the same state gives, and must never carry over an object the new release hides.

The reference tiles are not compared byte for byte: tippecanoe remakes them in the fresh folder
and orders features differently from run to run."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyogrio
import pytest

from publisher.outputs import KommuneRelease, build_public, current_build
from publisher.outputs.downloads import download_tables
from pmtiles_bytes import all_bytes
from sample_release import kommune_release, kommunegraenser

EXACT_FILES = (
    "tiles/overblik.pmtiles",
    "sites.json",
    "sites.json.gz",
    "search.json",
    "search.json.gz",
    "finder.json",
    "finder.json.gz",
    "sites/0167.json",
    "sites/0167.json.gz",
    "sites/0175.json",
    "sites/0175.json.gz",
    "style.json",
    "legend.json",
    "labels.json",
    "downloads/erhvervsareal.geojson",
    "downloads/infrastruktur.geojson",
    "downloads/industripark_kandidat.geojson",
)
LAYERS = ("erhvervsareal", "infrastruktur", "industripark_kandidat")


@pytest.fixture
def own_public_dir(tmp_path, public_dir):
    target = tmp_path / "public"
    shutil.copytree(public_dir, target, symlinks=True)
    return target


def gpkg_rows(path: Path, layer: str):
    frame = pyogrio.read_dataframe(path, layer=layer)
    frame["wkb"] = frame.geometry.to_wkb()
    return frame.drop(columns="geometry").sort_values("objekt_id").reset_index(drop=True)


def public_files(build: Path) -> dict[str, bytes]:
    """Every file of a build as a reader could see it: tiles and gzip copies decompressed."""
    seen = {}
    for path in build.rglob("*"):
        if not path.is_file():
            continue
        name = str(path.relative_to(build))
        if path.suffix == ".pmtiles":
            seen[name] = all_bytes(path)
        elif path.suffix == ".gz":
            seen[name] = gzip.decompress(path.read_bytes())
        else:
            seen[name] = path.read_bytes()
    return seen


def test_update_gives_the_same_artefacts_as_a_full_rebuild(
    own_public_dir, tmp_path, sample_input, shared_data
):
    boundary = kommunegraenser(shared_data, ("0175",)).geometry.iloc[0]
    changed = dict(sample_input.releases)
    changed["0175"] = KommuneRelease(
        "r2-0175", kommune_release(boundary, "0175", sites=9, name_suffix=" ændret")
    )
    update = build_public(changed, sample_input.references, own_public_dir)
    assert update.rebuilt_kommuner == ["0175"]
    full = build_public(changed, sample_input.references, tmp_path / "fresh")
    assert sorted(full.rebuilt_kommuner) == ["0167", "0175"]

    for name in EXACT_FILES:
        assert (update.path / name).read_bytes() == (full.path / name).read_bytes(), name
    for layer in LAYERS:
        for table in download_tables(layer):
            ours = gpkg_rows(update.path / "downloads" / f"{layer}.gpkg", table)
            theirs = gpkg_rows(full.path / "downloads" / f"{layer}.gpkg", table)
            assert ours.equals(theirs), table
    for tileset, layer in (("grundkort", "kommunegraenser"), ("kontekst", "natur")):
        for zoom in ("8", "10" if tileset == "grundkort" else "13"):
            ours = pyogrio.read_dataframe(
                update.path / "tiles" / f"{tileset}.pmtiles", layer=layer, ZOOM_LEVEL=zoom
            )
            theirs = pyogrio.read_dataframe(
                full.path / "tiles" / f"{tileset}.pmtiles", layer=layer, ZOOM_LEVEL=zoom
            )
            assert len(ours) == len(theirs) > 0, (layer, zoom)
    update_manifest = json.loads((update.path / "manifest.json").read_text())
    full_manifest = json.loads((full.path / "manifest.json").read_text())
    for key in ("releases", "counts", "kommuner", "downloads", "tiles"):
        assert update_manifest[key] == full_manifest[key], key
    assert update_manifest["counts"]["erhvervsareal"] == 2 * 13 - 3
    names = set(pyogrio.read_dataframe(update.path / "downloads" / "erhvervsareal.geojson")["navn"])
    assert "Erhvervsgrund 0175-4 ændret" in names and "Erhvervsgrund 0175-10" not in names
    sites = json.loads((update.path / "sites.json").read_text())
    assert len(sites) == 2 * 13 - 3 and len({s["objekt_id"] for s in sites}) == len(sites)


def test_an_object_hidden_in_a_new_release_leaves_every_artefact(own_public_dir, sample_input):
    release = sample_input.releases["0167"]
    sites = release.layers["erhvervsareal"].copy()
    target = sites["synlighed"].eq("offentlig") & sites["navn"].str.startswith(
        "Erhvervsgrund 0167-5"
    )
    assert target.sum() == 1
    objekt_id = sites.loc[target, "objekt_id"].iloc[0]
    before = public_files(current_build(own_public_dir))
    assert any(objekt_id.encode() in content for content in before.values())

    sites.loc[target, "synlighed"] = "myndigheder"
    changed = dict(sample_input.releases)
    changed["0167"] = KommuneRelease("r2-0167", {**release.layers, "erhvervsareal": sites})
    result = build_public(changed, sample_input.references, own_public_dir)
    assert result.rebuilt_kommuner == ["0167"]

    after = public_files(current_build(own_public_dir))
    assert {
        "downloads/erhvervsareal.gpkg",
        "sites.json.gz",
        "tiles/overblik.pmtiles",
    } <= after.keys()
    for name, content in after.items():
        assert objekt_id.encode() not in content, name
        assert b"Erhvervsgrund 0167-5" not in content, name
    assert b"Erhvervsgrund 0167-4" in after["downloads/erhvervsareal.gpkg"]
    assert b"Erhvervsgrund 0167-4" in after["tiles/overblik.pmtiles"]
    gpkg = pyogrio.read_dataframe(
        result.path / "downloads" / "erhvervsareal.gpkg", layer="erhvervsareal"
    )
    assert objekt_id not in set(gpkg["objekt_id"]) and len(gpkg) == 2 * 13 - 1
