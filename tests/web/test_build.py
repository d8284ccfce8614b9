"""The public build on real tippecanoe output (tile-join as the reference of the join): what is public, what is cached, what
happens when a build fails."""

from __future__ import annotations

import json
import re
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
import requests

from publisher.outputs import BuildFailed, KommuneRelease, TileTools, build_public, current_build
from datamodel.symbology import load_symbology
from publisher.outputs.tiles import DETAIL_MINZOOM, join_tilesets
from tile_join_reference import run_tile_join
from pmtiles_bytes import all_bytes, tiles
from sample_release import (
    HOSTILE_NAME,
    PUBLIC_MARKER,
    SECRET_MARKER,
    kommune_release,
    kommunegraenser,
)
from loopback import LoopbackServer
from public_server import public_app


def hidden_ids(sample_input) -> set[str]:
    ids = set()
    for release in sample_input.releases.values():
        for frame in release.layers.values():
            ids |= set(frame.loc[frame["synlighed"] == "myndigheder", "objekt_id"])
    return ids


def test_hidden_objects_never_reach_the_tile_bytes(public_dir, sample_input):
    build = current_build(public_dir)
    for name in ("overblik.pmtiles", "grundkort.pmtiles", "kontekst.pmtiles"):
        content = all_bytes(build / "tiles" / name)
        assert SECRET_MARKER.encode() not in content
        for objekt_id in hidden_ids(sample_input):
            assert objekt_id.encode() not in content
    sites = all_bytes(build / "tiles" / "overblik.pmtiles")
    assert PUBLIC_MARKER.encode() in sites, "the byte search must see public names to mean anything"


def test_tiles_read_back_through_gdal_hold_only_public_objects(public_dir, sample_input):
    path = current_build(public_dir) / "tiles" / "overblik.pmtiles"
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"erhvervsareal", "infrastruktur", "industripark_kandidat"} <= layers
    frame = pyogrio.read_dataframe(path, layer="erhvervsareal", ZOOM_LEVEL="15")
    public = {
        oid
        for r in sample_input.releases.values()
        for oid, s in zip(
            r.layers["erhvervsareal"]["objekt_id"], r.layers["erhvervsareal"]["synlighed"]
        )
        if s == "offentlig"
    }
    assert set(frame["objekt_id"]) == public
    assert not frame["navn"].str.contains(SECRET_MARKER).any()


def test_low_zooms_show_one_point_per_public_site(public_dir, sample_input):
    path = current_build(public_dir) / "tiles" / "overblik.pmtiles"
    points = pyogrio.read_dataframe(
        path, layer="erhvervsareal_punkt", ZOOM_LEVEL=str(DETAIL_MINZOOM - 1)
    )
    assert len(points) == 2 * 13 and set(points.geom_type) <= {"Point", "MultiPoint"}
    below = pyogrio.read_dataframe(path, layer="erhvervsareal", ZOOM_LEVEL=str(DETAIL_MINZOOM - 1))
    assert below.empty
    polygons = pyogrio.read_dataframe(path, layer="erhvervsareal", ZOOM_LEVEL=str(DETAIL_MINZOOM))
    assert len(polygons) == 2 * 13


def test_hidden_objects_never_reach_downloads_or_indexes(public_dir, sample_input):
    build = current_build(public_dir)
    files = [p for p in build.rglob("*") if p.is_file() and p.suffix != ".pmtiles"]
    assert {p.name for p in files} >= {
        "erhvervsareal.gpkg",
        "erhvervsareal.geojson",
        "sites.json",
        "search.json",
        "infrastruktur.gpkg",
    }
    for path in files:
        content = path.read_bytes()
        assert SECRET_MARKER.encode() not in content, path
        for objekt_id in hidden_ids(sample_input):
            assert objekt_id.encode() not in content, path
    assert PUBLIC_MARKER.encode() in (build / "downloads" / "erhvervsareal.gpkg").read_bytes()


def test_downloads_are_readable_in_their_crs_with_the_public_count(public_dir):
    build = current_build(public_dir)
    gpkg = pyogrio.read_dataframe(build / "downloads" / "erhvervsareal.gpkg", layer="erhvervsareal")
    geojson = pyogrio.read_dataframe(build / "downloads" / "erhvervsareal.geojson")
    assert gpkg.crs.to_epsg() == 25832 and geojson.crs.to_epsg() == 4326
    assert len(gpkg) == len(geojson) == 2 * 13
    assert "synlighed" not in gpkg.columns
    assert HOSTILE_NAME in set(gpkg["navn"])
    assert (gpkg["areal_m2"] == 14400).all()


def test_every_tile_is_at_most_500_kb(public_dir):
    sizes = [size for size, _ in tiles(current_build(public_dir) / "tiles" / "overblik.pmtiles")]
    assert sizes and max(sizes) <= 500_000


def test_style_and_legend_use_the_symbology_colours(public_dir):
    build = current_build(public_dir)
    style = json.loads((build / "style.json").read_text())
    legend = json.loads((build / "legend.json").read_text())
    symbology = load_symbology()
    fill = next(
        candidate for candidate in style["layers"] if candidate["id"] == "erhvervsareal-fill"
    )
    for value, spec in symbology["layers"]["erhvervsareal"]["classes"].items():
        position = fill["paint"]["fill-color"].index(value)
        assert fill["paint"]["fill-color"][position + 1] == spec["fill"]
    entry = next(e for e in legend["layers"] if e["layer"] == "erhvervsareal")
    ledig = next(i for i in entry["items"] if i["value"] == "ledig")
    assert (ledig["label_da"], ledig["label_en"], ledig["fill"]) == (
        "Ledig",
        "Available",
        "#1b7837",
    )


@pytest.fixture
def own_public_dir(tmp_path, public_dir):
    """A private copy of the session's public folder, so a test may change it."""
    target = tmp_path / "public"
    shutil.copytree(public_dir, target, symlinks=True)
    return target


def test_one_kommune_update_rebuilds_that_kommune_only(own_public_dir, sample_input, shared_data):
    before = current_build(own_public_dir)
    boundary = kommunegraenser(shared_data, ("0175",)).geometry.iloc[0]
    changed = dict(sample_input.releases)
    changed["0175"] = KommuneRelease(
        "r2-0175", kommune_release(boundary, "0175", name_suffix=" ny udgave")
    )
    result = build_public(changed, sample_input.references, own_public_dir)
    assert result.rebuilt_kommuner == ["0175"]
    after = current_build(own_public_dir)
    assert after != before and after == result.path
    content = all_bytes(after / "tiles" / "overblik.pmtiles")
    assert b"0175-3 ny udgave" in content and b"Erhvervsgrund 0167-3" in content
    assert SECRET_MARKER.encode() not in content
    manifest = json.loads((after / "manifest.json").read_text())
    assert manifest["releases"] == {"0167": "r1-0167", "0175": "r2-0175"}


def test_only_the_current_build_is_kept(own_public_dir, sample_input):
    for _ in range(3):
        build_public(sample_input.releases, sample_input.references, own_public_dir)
    assert list((own_public_dir / "builds").iterdir()) == [current_build(own_public_dir)]


def failing_tippecanoe(folder: Path) -> Path:
    script = folder / "tippecanoe"
    script.write_text("#!/bin/sh\necho 'tippecanoe: out of disk space (simulated)' >&2\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_failed_build_keeps_the_previous_artefacts_served(
    own_public_dir, sample_input, shared_data, tmp_path
):
    before = current_build(own_public_dir)
    boundary = kommunegraenser(shared_data, ("0167",)).geometry.iloc[0]
    changed = dict(sample_input.releases)
    changed["0167"] = KommuneRelease(
        "r3-0167", kommune_release(boundary, "0167", name_suffix=" fejl")
    )
    tools = replace(TileTools.locate(), tippecanoe=str(failing_tippecanoe(tmp_path)))
    with pytest.raises(BuildFailed) as failure:
        build_public(changed, sample_input.references, own_public_dir, tools=tools)
    assert "out of disk space" in failure.value.message_da
    assert "previous one is still served" in failure.value.message_en
    assert current_build(own_public_dir) == before
    assert not [p for p in (own_public_dir / "builds").iterdir() if p.name.startswith(".")]
    with LoopbackServer(public_app(own_public_dir)) as server:
        config = requests.get(f"{server.url}/kort/config.json", timeout=10).json()
        assert config["build"] == before.name
        tiles_response = requests.get(
            f"{server.url}{config['data']}tiles/overblik.pmtiles",
            headers={"Range": "bytes=0-126"},
            timeout=10,
        )
        assert tiles_response.status_code == 206 and tiles_response.content[:7] == b"PMTiles"


def comparable(frame):
    """Values as text, numbers as floats (GDAL types Number fields from either metadata style)."""

    def column(values):
        try:
            return pd.to_numeric(values).astype(float).astype(str)
        except (ValueError, TypeError):
            return values.astype(str)

    return frame.apply(column).reset_index(drop=True)


def test_python_join_holds_the_same_features_as_tile_join(public_dir, tmp_path):
    manifest = json.loads((current_build(public_dir) / "manifest.json").read_text())
    inputs = [
        public_dir / "cache" / "kommuner" / name
        for name in manifest["cache_files"]
        if name.endswith(".pmtiles") and not name.startswith("reference")
    ]
    join_tilesets(inputs, tmp_path / "python.pmtiles", "t")
    run_tile_join(TileTools.locate(), inputs, tmp_path / "tile-join.pmtiles", "t")
    for zoom in range(5, 16):
        for layer in (
            "erhvervsareal",
            "erhvervsareal_punkt",
            "infrastruktur",
            "industripark_kandidat",
        ):
            ours = pyogrio.read_dataframe(
                tmp_path / "python.pmtiles", layer=layer, ZOOM_LEVEL=str(zoom)
            )
            theirs = pyogrio.read_dataframe(
                tmp_path / "tile-join.pmtiles", layer=layer, ZOOM_LEVEL=str(zoom)
            )
            assert len(ours) == len(theirs), (zoom, layer)
            if len(ours):
                columns = sorted(set(ours.columns) - {"mvt_id", "geometry"})
                assert columns == sorted(set(theirs.columns) - {"mvt_id", "geometry"})
                left = comparable(ours.sort_values("objekt_id")[columns])
                right = comparable(theirs.sort_values("objekt_id")[columns])
                assert left.equals(right), (zoom, layer)
                assert ours.geometry.area.sum() == pytest.approx(
                    theirs.geometry.area.sum(), rel=1e-9
                )


def test_a_shared_tile_over_the_limit_loses_its_densest_features_only(public_dir, tmp_path):
    """The tile-size limit on merged tiles: every shared tile of the join stays within it (tippecanoe
    keeps each kommune's own tiles within it), tiles only one kommune has are copied as they are,
    and a thinned tile keeps a subset of its features."""
    import gzip

    from publisher.outputs import pmtiles_join

    manifest = json.loads((current_build(public_dir) / "manifest.json").read_text())
    inputs = [public_dir / "cache" / "kommuner" / name for name in manifest["tile_inputs"]]
    archives = [pmtiles_join.Archive.open(path) for path in inputs]
    shared = set(archives[0].tiles) & set(archives[1].tiles)
    unlimited = pmtiles_join.Archive.open(current_build(public_dir) / "tiles" / "overblik.pmtiles")
    largest = max(shared, key=lambda tile_id: len(unlimited.blob(tile_id)))
    limit = len(unlimited.blob(largest)) * 2 // 3
    pmtiles_join.join(inputs, tmp_path / "limited.pmtiles", "t", max_tile_bytes=limit)
    limited = pmtiles_join.Archive.open(tmp_path / "limited.pmtiles")

    assert set(limited.tiles) == set(unlimited.tiles)
    assert max(limited.tiles[tile_id][1] for tile_id in shared) <= limit
    for tile_id in set(limited.tiles) - shared:
        assert limited.blob(tile_id) == unlimited.blob(tile_id)
    kept = gzip.decompress(limited.blob(largest))
    every = gzip.decompress(unlimited.blob(largest))
    ids = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    kept_ids, all_ids = set(ids.findall(kept)), set(ids.findall(every))
    assert kept_ids < all_ids and len(kept_ids) >= len(all_ids) // 3
