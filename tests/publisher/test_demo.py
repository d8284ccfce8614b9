"""The README's main command: `python -m publisher --data-dir DIR demo`, run as a user runs it.

Each test runs the real command in a subprocess on a fresh data dir, then talks HTTP to the
publisher it serves on loopback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from datamodel import Visibility
from loopback import free_port, stop_process
from publisher.demo.boundaries import SHARED_DATA_VARIABLE
from publisher.demo.data import generate_demo
from publisher.demo.kommuner import DEMO_KOMMUNER
from publisher.demo.seed import UPDATE_KOMMUNE

REPO = Path(__file__).resolve().parents[2]
KOMMUNEKODER = [kommune.kommunekode for kommune in DEMO_KOMMUNER]


def run_demo(
    data_dir: Path, *args: str, env: dict | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), "demo", *args],
        cwd=cwd,
        env=env or os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def with_shared_data(shared_data: Path) -> dict:
    return {**os.environ, SHARED_DATA_VARIABLE: str(shared_data)}


def without_shared_data() -> dict:
    return {key: value for key, value in os.environ.items() if key != SHARED_DATA_VARIABLE}


def tokens(data_dir: Path) -> dict[str, str]:
    return {
        user["name"]: user["token"]
        for user in json.loads((data_dir / "demo-brugere.json").read_text("utf-8"))
    }


class RunningDemo:
    """`demo` without --no-serve, in the background, until the map answers."""

    def __init__(self, data_dir: Path, env: dict | None = None, cwd: Path = REPO):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "serve.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "publisher",
                    "--data-dir",
                    str(data_dir),
                    "demo",
                    "--port",
                    str(self.port),
                ],
                cwd=cwd,
                env=env or os.environ.copy(),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"demo stopped with {self.process.returncode}:\n{self.output()}")
            try:
                if requests.get(f"{self.base}/kort/config.json", timeout=2).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"demo did not serve within 120 s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def get(self, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.get(self.base + path, headers=headers, timeout=30, **kwargs)

    def stop(self) -> None:
        stop_process(self.process)


@pytest.fixture(scope="module")
def seeded_demo(tmp_path_factory, shared_data):
    """A data dir seeded once by `demo --no-serve` with the real DAGI boundaries, then served
    by a second `demo` run."""
    data_dir = tmp_path_factory.mktemp("demo")
    first = run_demo(data_dir, "--no-serve", env=with_shared_data(shared_data))
    assert first.returncode == 0, first.stderr + first.stdout
    assert "DAGI" in first.stdout
    server = RunningDemo(data_dir, env=with_shared_data(shared_data))
    yield data_dir, first.stdout, server
    server.stop()


def test_first_run_seeds_validates_approves_and_prints_the_demo_users(seeded_demo):
    data_dir, output, _ = seeded_demo
    for kommunekode in KOMMUNEKODER:
        assert f"{kommunekode}: indsendt, valideret og godkendt" in output
    printed = tokens(data_dir)
    assert set(printed) == {
        *(f"demo-indsender-{code}" for code in KOMMUNEKODER),
        "demo-godkender",
        "demo-admin",
    }
    for name, token in printed.items():
        assert name in output and token in output
    assert oct((data_dir / "demo-brugere.json").stat().st_mode & 0o777) == "0o600"


def test_second_run_reuses_the_store_and_serves_the_urls(seeded_demo):
    _, _, server = seeded_demo
    output = server.output()
    for kommunekode in KOMMUNEKODER:
        assert f"{kommunekode}: udgivelse" in output and "findes allerede" in output
    assert "indsendt, valideret og godkendt" not in output
    for path in ("/kort/", "/godkend/", "/api/v1/openapi.json", "/ogc/"):
        assert f"{server.base}{path}" in output
        assert server.get(path).status_code == 200, path


def test_api_lists_one_release_per_kommune_from_a_blocking_free_submission(seeded_demo):
    data_dir, _, server = seeded_demo
    godkender = tokens(data_dir)["demo-godkender"]
    for kommunekode in KOMMUNEKODER:
        answer = server.get(f"/api/v1/kommuner/{kommunekode}/releases", godkender)
        assert answer.status_code == 200, answer.text
        releases = answer.json()["releases"]
        assert len(releases) == 1 and releases[0]["current"]
        listed = server.get(f"/api/v1/submissions?kommune={kommunekode}", godkender).json()
        approved = [s for s in listed["submissions"] if s["status"] == "godkendt"]
        assert len(approved) == 1 and approved[0]["id"] == releases[0]["source_submission_id"]
        detail = server.get(f"/api/v1/submissions/{approved[0]['id']}", godkender).json()
        assert detail["report"]["summary"]["blokerende"] == 0
        assert detail["uploader"] == f"demo-indsender-{kommunekode}"
    assert server.get("/api/v1/kommuner/0167/releases").status_code == 401


def test_an_update_waits_in_the_approval_queue_with_a_diff(seeded_demo):
    data_dir, output, server = seeded_demo
    godkender = tokens(data_dir)["demo-godkender"]
    queue = server.get("/api/v1/submissions?status=til_godkendelse", godkender).json()
    assert [s["kommune"] for s in queue["submissions"]] == [UPDATE_KOMMUNE]
    pending = queue["submissions"][0]
    assert f"indsendelse / submission {pending['id']}" in output
    detail = server.get(f"/api/v1/submissions/{pending['id']}", godkender).json()
    assert detail["report"]["summary"]["blokerende"] == 0
    assert {key: detail["diff"]["counts"][key] for key in ("new", "changed", "deleted")} == {
        "new": 1,
        "changed": 1,
        "deleted": 1,
    }


def test_public_map_tiles_and_downloads_are_served_without_hidden_objects(seeded_demo, shared_data):
    _, _, server = seeded_demo
    page = server.get("/kort/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    config = server.get("/kort/config.json").json()
    data = config["data"]
    manifest = server.get(f"{data}manifest.json").json()
    assert set(manifest["releases"]) == set(KOMMUNEKODER)
    for tileset in manifest["tiles"].values():
        head = server.get(f"{data}{tileset}", headers={"Range": "bytes=0-126"})
        assert head.status_code == 206 and head.content.startswith(b"PMTiles")

    expected = generate_demo(shared_data=shared_data)
    downloads = server.get("/kort/downloads/erhvervsareal.geojson").json()
    public_ids = {feature["properties"]["objekt_id"] for feature in downloads["features"]}
    for layers in expected.submissions.values():
        for frame in layers.values():
            hidden = frame[frame["synlighed"] == Visibility.MYNDIGHEDER.value]
            assert not set(hidden["objekt_id"]) & public_ids
    sites = [
        frame for layers in expected.submissions.values() for frame in [layers["erhvervsareal"]]
    ]
    public_sites = sum(int((f["synlighed"] == Visibility.OFFENTLIG.value).sum()) for f in sites)
    assert len(public_ids) == public_sites == manifest["counts"]["erhvervsareal"]

    items = server.get(
        "/ogc/collections/erhvervsareal/items?limit=1000",
        headers={"Accept": "application/geo+json"},
    ).json()
    assert {f["properties"]["objekt_id"] for f in items["features"]} == public_ids


def test_demo_needs_no_external_data_from_any_folder(tmp_path, shared_data):
    """Run from a folder whose ../shared/data holds the real data, but without the variable
    that names it: the demo does not look there, draws its own boundaries and runs end to end."""
    (tmp_path / "shared").symlink_to(shared_data.parent)
    folder = tmp_path / "anywhere"
    folder.mkdir()
    data_dir = tmp_path / "uden-delte-data"
    env = without_shared_data()
    result = run_demo(data_dir, "--no-serve", env=env, cwd=folder)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "fiktive demo-grænser" in result.stdout
    assert "DAGI" not in result.stdout
    server = RunningDemo(data_dir, env=env, cwd=folder)
    try:
        godkender = tokens(data_dir)["demo-godkender"]
        for kommunekode in KOMMUNEKODER:
            releases = server.get(f"/api/v1/kommuner/{kommunekode}/releases", godkender).json()
            assert len(releases["releases"]) == 1
        assert server.get("/kort/").status_code == 200
    finally:
        server.stop()


def test_fictitious_boundaries_on_request_even_with_the_real_ones_at_hand(tmp_path, shared_data):
    result = run_demo(
        tmp_path / "fiktiv",
        "--no-serve",
        "--fictitious-boundaries",
        env=with_shared_data(shared_data),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "fiktive demo-grænser" in result.stdout
    choice = json.loads((tmp_path / "fiktiv" / "demo" / "datasaet.json").read_text("utf-8"))
    assert choice["dagi"] is False


def test_a_busy_port_gets_a_clear_message_in_both_languages(seeded_demo):
    data_dir, _, server = seeded_demo
    result = run_demo(data_dir, "--port", str(server.port))
    assert result.returncode == 2
    assert f"kan ikke lytte på 127.0.0.1:{server.port}" in result.stderr
    assert "cannot listen on" in result.stderr and "Traceback" not in result.stderr
    assert server.get("/kort/").status_code == 200
