"""Withdrawal withdraws: once a release that hides a site is switched in, no URL under /kort/data/
of any build (the superseded one included) serves its record or its tile features, caches may
keep a build's files for minutes only, and an open viewer is told that there are new data."""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
from pathlib import Path

import pyogrio
import pytest
import requests
from pmtiles.reader import MemorySource, Reader, all_tiles

from publisher.outputs import KommuneRelease, build_public, current_build
from loopback import LoopbackServer
from public_server import public_app
from viewer_page import HVIDOVRE_VIEW, open_viewer

MAX_AGE = re.compile(r"max-age=(\d+)")


@pytest.fixture
def own_public_dir(tmp_path, public_dir):
    target = tmp_path / "public"
    shutil.copytree(public_dir, target, symlinks=True)
    return target


def hide_one_site(sample_input) -> tuple[dict, str, str]:
    release = sample_input.releases["0167"]
    sites = release.layers["erhvervsareal"].copy()
    target = sites["synlighed"].eq("offentlig") & sites["navn"].eq("Erhvervsgrund 0167-6")
    assert target.sum() == 1
    objekt_id = sites.loc[target, "objekt_id"].iloc[0]
    sites.loc[target, "synlighed"] = "myndigheder"
    changed = dict(sample_input.releases)
    changed["0167"] = KommuneRelease("r2-0167-hidden", {**release.layers, "erhvervsareal": sites})
    return changed, objekt_id, "Erhvervsgrund 0167-6"


def served_bytes(response: requests.Response) -> bytes:
    return response.content  # requests undoes Content-Encoding: gzip


def tile_contents(archive: bytes) -> list[bytes]:
    return [gzip.decompress(data) for _, data in all_tiles(MemorySource(archive))]


def test_no_kept_build_serves_a_withdrawn_site(own_public_dir, sample_input):
    before = current_build(own_public_dir)
    names = sorted(
        str(p.relative_to(before))
        for p in before.rglob("*")
        if p.is_file() and not p.name.endswith(".gz")
    )
    changed, objekt_id, name = hide_one_site(sample_input)
    with LoopbackServer(public_app(own_public_dir)) as server:
        old_tiles = requests.get(
            f"{server.url}/kort/data/{before.name}/tiles/overblik.pmtiles", timeout=30
        )
        assert old_tiles.status_code == 200
        assert any(objekt_id.encode() in tile for tile in tile_contents(old_tiles.content))

        build_public(changed, sample_input.references, own_public_dir)
        after = current_build(own_public_dir)
        kept = {path.name for path in (own_public_dir / "builds").iterdir()}
        assert kept == {after.name}
        served = 0
        for build_id in sorted(kept | {before.name}):
            for file_name in names:
                url = f"{server.url}/kort/data/{build_id}/{file_name}"
                answer = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=30)
                if build_id != after.name:
                    assert answer.status_code == 410, url
                    assert answer.headers["Cache-Control"] == "no-store"
                    assert answer.json()["current"] == after.name
                    continue
                assert answer.status_code == 200, url
                served += 1
                assert int(MAX_AGE.search(answer.headers["Cache-Control"]).group(1)) <= 300
                assert "immutable" not in answer.headers["Cache-Control"]
                content = served_bytes(answer)
                assert objekt_id.encode() not in content and name.encode() not in content, url
                if file_name.endswith(".pmtiles"):
                    for tile in tile_contents(content):
                        assert objekt_id.encode() not in tile and name.encode() not in tile
                    with tempfile.TemporaryDirectory() as folder:
                        path = Path(folder) / "tiles.pmtiles"
                        path.write_bytes(content)
                        header = Reader(MemorySource(content)).header()
                        zooms = range(header["min_zoom"], header["max_zoom"] + 1)
                        for layer, _ in pyogrio.list_layers(path):
                            for zoom in zooms:
                                features = pyogrio.read_dataframe(
                                    path, layer=layer, ZOOM_LEVEL=str(zoom)
                                )
                                if "objekt_id" in features.columns:
                                    assert objekt_id not in set(features["objekt_id"])
        assert served == len(names)


def test_an_open_viewer_is_told_of_new_data(own_public_dir, sample_input, page_csp):
    changed, _, _ = hide_one_site(sample_input)
    with LoopbackServer(public_app(own_public_dir)) as server:
        open_viewer(page_csp, server, HVIDOVRE_VIEW)
        assert page_csp.locator("#new-data").is_hidden()
        assert page_csp.evaluate("() => window.overblikskort.checkBuild()") is False
        build_public(changed, sample_input.references, own_public_dir)
        assert page_csp.evaluate("() => window.overblikskort.checkBuild()") is True
        banner = page_csp.locator("#new-data")
        assert banner.is_visible() and "opdateret" in banner.inner_text()
        with page_csp.expect_navigation():
            banner.get_by_role("button").click()
        page_csp.wait_for_function(
            "() => window.overblikskort && window.overblikskort.ready", timeout=60_000
        )
        assert page_csp.locator("#new-data").is_hidden()
        assert page_csp.url.endswith(HVIDOVRE_VIEW.split("&")[0]) or "#map=" in page_csp.url
