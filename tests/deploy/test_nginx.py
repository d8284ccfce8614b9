"""Production as deploy/ lays it out, on loopback: real nginx in front of two API processes
(`serve --no-build-worker`) and the build worker, on one PostGIS database.

Approvals through both processes serialise; after an approval both processes and nginx serve
the new build; nginx serves the build files exactly as the publisher does (only the current
build, 410 for a superseded one, the same cache rules, gzip copies and ranges), and refuses an
upload over the limit itself, with the API's JSON error."""

from __future__ import annotations

import grp
import gzip
import json
import os
import socket
import shutil
import stat
import tempfile
import time
from pathlib import Path

import pytest
import requests
import shapely

from deployment import NGINX_USER, Deployment, env_file_from_template, start_nginx, wait_for
from publisher.api.errors import too_large_body
from publisher.auth import add_user
from publisher.store import Store
from publisher_support import HVIDOVRE, at_once, site_attributes, write_gpkg

pytestmark = [pytest.mark.deploy, pytest.mark.postgis]

LIMIT = 200_000
BUILD_SECONDS = 180


@pytest.fixture(scope="module")
def deployment(postgis_cluster):
    running = Deployment(postgis_cluster.create_database("deploy_nginx"), LIMIT)
    try:
        running.start()
        store = Store.open(running.database_url)
        running.store = store
        running.tokens = {
            "indsender": add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")[1],
            "godkender": add_user(store, "erst", "godkender", None, "test")[1],
        }
        yield running
    finally:
        if hasattr(running, "store"):
            running.store.close()
        running.stop()


def _headers(deployment, who: str) -> dict:
    return {"Authorization": f"Bearer {deployment.tokens[who]}"}


def _submit(deployment, tmp_path, name: str) -> int:
    """A one-site GeoPackage uploaded through nginx; returns the submission id."""
    number = len(list(tmp_path.glob("*.gpkg")))
    x = 717000 + 150 * number
    path = write_gpkg(
        tmp_path / f"{name}-{number}.gpkg",
        [site_attributes(HVIDOVRE, navn=name)],
        [shapely.box(x, 6169000, x + 60, 6169060)],
    )
    with open(path, "rb") as handle:
        answer = requests.post(
            f"{deployment.nginx_url}/api/v1/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": (path.name, handle)},
            headers=_headers(deployment, "indsender"),
            timeout=120,
        )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "til_godkendelse", answer.text
    return answer.json()["id"]


def _releases(base: str, deployment) -> dict:
    answer = requests.get(
        f"{base}/api/v1/kommuner/{HVIDOVRE}/releases",
        headers=_headers(deployment, "godkender"),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _served_build(base: str) -> str | None:
    return requests.get(f"{base}/kort/config.json", timeout=30).json()["build"]


def _everyone_serves(deployment, release_id: int) -> str:
    """Waits until nginx and both API processes serve one build with this release; its id."""

    def in_step():
        builds = {_served_build(base) for base in (deployment.nginx_url, *deployment.api_urls)}
        if len(builds) != 1 or None in builds:
            return None
        build = builds.pop()
        manifest = requests.get(
            f"{deployment.nginx_url}/kort/data/{build}/manifest.json", timeout=30
        )
        assert manifest.status_code != 403, "nginx may not read the build: see its permissions"
        if manifest.status_code != 200 or manifest.json()["releases"].get(HVIDOVRE) != str(
            release_id
        ):
            return None
        return build

    return wait_for(in_step, f"every front serving release {release_id}", BUILD_SECONDS)


def _approve(deployment, base: str, submission_id: int, version: int, against=None):
    body = {"expected_version": version}
    if against is not None:
        body["against_release_id"] = against
    return requests.post(
        f"{base}/api/v1/submissions/{submission_id}/approve",
        json=body,
        headers=_headers(deployment, "godkender"),
        timeout=120,
    )


def _approved(deployment, tmp_path, name: str) -> int:
    """A new release of Hvidovre, approved through nginx; its id."""
    submission_id = _submit(deployment, tmp_path, name)
    state = _releases(deployment.nginx_url, deployment)["kommune_state"]
    answer = _approve(
        deployment, deployment.nginx_url, submission_id, state["version"], state["release_id"]
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["release"]["id"]


def test_concurrent_approvals_through_two_processes_serialise_and_all_serve_the_new_build(
    deployment, tmp_path
):
    first_api, second_api = deployment.api_urls
    names = ("Første", "Anden")
    ids = [_submit(deployment, tmp_path, name) for name in names]
    version = _releases(first_api, deployment)["kommune_state"]["version"]
    releases_before = len(deployment.store.releases(HVIDOVRE))
    answers = at_once(
        [
            lambda: _approve(deployment, first_api, ids[0], version),
            lambda: _approve(deployment, second_api, ids[1], version),
        ]
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    winner = next(a.json() for a in answers if a.status_code == 200)
    loser_id = next(i for i, a in zip(ids, answers) if a.status_code == 409)
    loser = next(a for a in answers if a.status_code == 409).json()["error"]
    assert loser["code"] in ("konflikt", "foraeldet_grundlag") and loser["message_da"]
    assert winner["public_build"] == "i_koe"
    store = deployment.store
    assert store.kommune_state(HVIDOVRE).version == version + 1
    assert store.submission(loser_id).status == "til_godkendelse"
    approvals = [e.release_id for e in store.audit_log(HVIDOVRE) if e.action == "godkendt"]
    assert approvals[0] == winner["release"]["id"] and approvals.count(winner["release"]["id"]) == 1
    assert len(store.releases(HVIDOVRE)) == releases_before + 1

    # Nothing lost: the other approval lands once it is made against the new release.
    retry = _approve(deployment, second_api, loser_id, version + 1, winner["release"]["id"])
    assert retry.status_code == 200, retry.text
    release_id = retry.json()["release"]["id"]
    assert store.kommune_state(HVIDOVRE).release_id == release_id

    build = _everyone_serves(deployment, release_id)
    for api in deployment.api_urls:
        public = _releases(api, deployment)["public"]
        assert public["live"] and public["build_id"] == build
        assert public["worker"]["state"] == "separat_proces"  # the build worker is its own unit
    sites = requests.get(f"{deployment.nginx_url}/kort/data/{build}/sites.json", timeout=30).json()
    assert [site["navn"] for site in sites] == [names[ids.index(loser_id)]]


def test_a_superseded_build_answers_410_through_nginx(deployment, tmp_path):
    before = _everyone_serves(deployment, _approved(deployment, tmp_path, "Før"))
    after = _everyone_serves(deployment, _approved(deployment, tmp_path, "Efter"))
    assert after != before
    assert not (deployment.public_dir / "builds" / before).exists()  # withdrawn at the switch
    for base in (deployment.nginx_url, deployment.api_urls[0]):
        for name in ("style.json", "tiles/overblik.pmtiles"):
            answer = requests.get(f"{base}/kort/data/{before}/{name}", timeout=30)
            assert answer.status_code == 410, (base, name, answer.text)
            assert answer.headers["Content-Type"] == "application/json"
            assert answer.headers["Cache-Control"] == "no-store"
            assert answer.headers["Access-Control-Allow-Origin"] == "*"
            assert answer.json()["code"] == "ny_version" and answer.json()["current"] == after
    assert (
        requests.get(f"{deployment.nginx_url}/kort/data/{after}/style.json", timeout=30).status_code
        == 200
    )
    assert (
        requests.get(
            f"{deployment.nginx_url}/kort/data/not-a-build/style.json", timeout=30
        ).status_code
        == 404
    )


COMPARED = (
    "Content-Type",
    "Content-Encoding",
    "Cache-Control",
    "Access-Control-Allow-Origin",
    "Content-Range",
    "Content-Disposition",
    "X-Content-Type-Options",
)


def _compared(answer: requests.Response, name: str) -> dict:
    headers = {key: answer.headers.get(key) for key in COMPARED}
    if headers["Content-Disposition"] and "attachment" not in headers["Content-Disposition"]:
        headers["Content-Disposition"] = None  # Flask names inline files; it means nothing
    if headers["Content-Encoding"] == "gzip" and not name.endswith(".gz"):
        assert "Accept-Encoding" in answer.headers.get("Vary", ""), name
    return {"status": answer.status_code, **headers, "body": answer.content}


def test_nginx_serves_every_file_of_the_build_as_the_publisher_does(deployment, tmp_path):
    build = _everyone_serves(deployment, _approved(deployment, tmp_path, "Filer"))
    folder = deployment.public_dir / "builds" / build
    names = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    assert "tiles/overblik.pmtiles" in names and "sites.json.gz" in names
    requests_to_compare = [
        (f"/kort/data/{build}/{name}", {"Accept-Encoding": encoding})
        for name in [*names, "findes-ikke.json"]
        for encoding in ("identity", "gzip, deflate")
    ]
    requests_to_compare += [
        (f"/kort/data/{build}/tiles/{tiles}", {"Range": "bytes=0-126"})
        for tiles in ("overblik.pmtiles", "reference.pmtiles")
        if f"tiles/{tiles}" in names
    ]
    requests_to_compare += [
        (f"/kort/downloads/{path.name}", {}) for path in (folder / "downloads").iterdir()
    ]
    requests_to_compare += [("/kort/downloads/findes_ikke.gpkg", {})]
    with requests.Session() as session:
        for path, headers in requests_to_compare:
            by_nginx = session.get(deployment.nginx_url + path, headers=headers, timeout=30)
            by_publisher = session.get(deployment.api_urls[0] + path, headers=headers, timeout=30)
            if by_publisher.status_code == 404:  # both 404; the HTML pages differ
                assert by_nginx.status_code == 404, path
                continue
            assert _compared(by_nginx, path) == _compared(by_publisher, path), (path, headers)
    pmtiles = requests.get(
        f"{deployment.nginx_url}/kort/data/{build}/tiles/overblik.pmtiles",
        headers={"Range": "bytes=0-6"},
        timeout=30,
    )
    assert pmtiles.status_code == 206 and pmtiles.content == b"PMTiles"
    compressed = requests.get(
        f"{deployment.nginx_url}/kort/data/{build}/finder.json",
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=30,
    )
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(compressed.raw.read()))  # the .gz copy, sent as such


def test_the_public_folder_is_readable_by_nginx_only_and_the_data_folder_is_private(
    deployment, tmp_path
):
    build = _everyone_serves(deployment, _approved(deployment, tmp_path, "Rettigheder"))
    assert stat.S_IMODE(deployment.data_dir.stat().st_mode) == 0o700
    nginx_group = grp.getgrnam(NGINX_USER).gr_gid
    for path in (deployment.public_dir / "builds" / build).rglob("*"):
        mode = path.stat().st_mode
        assert mode & stat.S_IRGRP and not mode & stat.S_IROTH, (path, oct(mode))
        if os.geteuid() == 0:
            assert path.stat().st_gid == nginx_group, path
    # nginx's workers (www-data) read them: the whole test module depends on it.
    assert (
        requests.get(
            f"{deployment.nginx_url}/kort/data/{build}/manifest.json", timeout=30
        ).status_code
        == 200
    )


def test_links_through_nginx_name_nginx_and_the_scheme_it_was_asked_with(deployment):
    landing = requests.get(f"{deployment.nginx_url}/ogc/", timeout=30).json()
    assert all(link["href"].startswith(f"{deployment.nginx_url}/ogc") for link in landing["links"])
    behind_tls = requests.get(
        f"{deployment.api_urls[0]}/ogc/",
        timeout=30,
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kort.example.dk"},
    ).json()
    assert {link["href"].split("/ogc")[0] for link in behind_tls["links"]} == {
        "https://kort.example.dk"
    }


def test_nginx_knows_the_current_build_from_the_public_folder_alone():
    """Before the first build, after a crash that left `current` dangling, and once a build is
    current: nginx's answers follow the folder `current` points at, as the publisher's do."""
    root = Path(tempfile.mkdtemp(prefix="overblikskort-nginx-"))
    process = None
    try:
        root.chmod(0o755)
        public = root / "public"
        public.mkdir(mode=0o755)
        (root / "nginx").mkdir()
        env_file = env_file_from_template(
            root / "overblikskort.env", {"OVERBLIKSKORT_PUBLIC_DIR": str(public)}
        )
        process, url = start_nginx(root / "nginx", env_file, ["127.0.0.1:9"], dict(os.environ))
        build, other = "20261201T120000000000Z-abc123", "20261201T110000000000Z-def456"

        def answer(build_id: str) -> requests.Response:
            return requests.get(f"{url}/kort/data/{build_id}/style.json", timeout=30)

        assert answer(build).status_code == 410 and answer(build).json()["current"] is None
        (public / "current").symlink_to(f"builds/{build}")  # dangling: no such folder
        assert answer(build).status_code == 410 and answer(build).json()["current"] is None
        (public / "builds" / build).mkdir(parents=True, mode=0o755)
        (public / "builds" / build / "style.json").write_text('{"version": 8}')
        (public / "builds" / build / "style.json").chmod(0o644)
        assert answer(build).status_code == 200 and answer(build).json() == {"version": 8}
        superseded = answer(other)
        assert superseded.status_code == 410 and superseded.json()["current"] == build
        assert superseded.headers["Cache-Control"] == "no-store"
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def _refusal(connection: socket.socket) -> tuple[str, dict]:
    answer = b""
    while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
        data = connection.recv(65536)
        if not data:
            break
        answer += data
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.decode("latin-1"), json.loads(body)


def test_an_upload_over_the_limit_gets_nginx_json_413_and_reaches_no_process(deployment):
    host, port = deployment.nginx_url.removeprefix("http://").split(":")
    submissions = len(deployment.store.submissions())
    expected = too_large_body(LIMIT)
    assert expected["error"]["message_da"] == "Filen er større end grænsen på 0,2 MB."

    # Declared over the limit, body not sent: only nginx answers at once (a publisher process
    # would wait for the body, which waitress takes in whole first).
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            (
                f"POST /api/v1/submissions HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {deployment.tokens['indsender']}\r\n"
                f"Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {3 * LIMIT}\r\n\r\n--x\r\n"
            ).encode()
        )
        head, body = _refusal(connection)
    assert head.startswith("HTTP/1.1 413"), head
    assert "Content-Type: application/json" in head, head
    assert body == expected

    # What a client sending its whole file sees, with and without a length.
    def endless():
        for _ in range(40):  # 2.6 MB against a limit of 0.2 MB
            yield b"\0" * 65536

    for data in (b"\0" * (2 * LIMIT), endless()):
        answer = requests.post(
            f"{deployment.nginx_url}/api/v1/submissions",
            data=data,
            headers={
                **_headers(deployment, "indsender"),
                "Content-Type": "multipart/form-data; boundary=x",
            },
            timeout=60,
        )
        assert answer.status_code == 413 and answer.json() == expected, answer.text
    time.sleep(0.5)
    assert len(deployment.store.submissions()) == submissions
