"""A file beyond the publisher's validation limits: the plugin shows the publisher's own words.

A real `serve` on loopback whose features-per-layer limit is 1; the plugin's client sends a
workspace export of two sites, and the text the send flow puts in the message bar
(``error_text``) is the publisher's Danish or English 422 message, word for word.
"""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pytest
import shapely

from loopback import REPO_ROOT, serve_publisher, stop_process
from plugin.core.publisher_client import PublisherClient, PublisherError
from plugin.core.submissions import error_text


@pytest.fixture(scope="module")
def strict_publisher(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("strict")
    token = (
        subprocess.run(
            [
                sys.executable,
                "-m",
                "publisher",
                "--data-dir",
                str(data_dir),
                "users",
                "add",
                "hvidovre",
                "--role",
                "indsender",
                "--kommune",
                "0167",
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    server, url, log = serve_publisher(data_dir, {"OVERBLIKSKORT_VALIDATION_MAX_FEATURES": "1"})
    yield url, token
    stop_process(server)
    log.close()


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "da",
            "Filen overblikskort_0167.gpkg er for stor eller for kompleks til at blive "
            "kontrolleret: laget erhvervsareal har 2 objekter, og højst 1 er tilladt.",
        ),
        (
            "en",
            "The file overblikskort_0167.gpkg is too large or too complex to check: the layer "
            "erhvervsareal has 2 features, and at most 1 are allowed.",
        ),
    ],
)
def test_the_publishers_limit_message_reaches_the_planner(
    strict_publisher, tmp_path, language, words
):
    url, token = strict_publisher
    path = tmp_path / "overblikskort_0167.gpkg"  # the name the send flow gives its export
    gpd.GeoDataFrame(
        {"navn": ["A", "B"]},
        crs="EPSG:25832",
        geometry=[
            shapely.box(718000, 6169000, 718100, 6169100),
            shapely.box(718200, 6169000, 718300, 6169100),
        ],
    ).to_file(path, layer="erhvervsareal")
    with pytest.raises(PublisherError) as refused:
        PublisherClient(url, token).submit(path, "0167")
    assert refused.value.status == 422
    assert error_text(refused.value, language) == words
