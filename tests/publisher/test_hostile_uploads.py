"""Hostile and malformed uploads: a clear 4xx answer and nothing stored."""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace

import pytest
import requests

from publisher_support import (
    HVIDOVRE,
    declare_huge_upload,
    serve_in_thread,
    site_attributes,
    squares_inside,
    write_gpkg,
)


def _nothing_stored(server) -> None:
    assert server.store.submissions() == []
    assert [e for e in server.store.audit_log() if e.action == "indsendt"] == []
    leftovers = (
        list((server.settings.data_dir / "tmp").glob("**/*"))
        if (server.settings.data_dir / "tmp").exists()
        else []
    )
    assert leftovers == []


def _refused(answer, *statuses: int) -> dict:
    assert answer.status_code in statuses, (answer.status_code, answer.text)
    error = answer.json()["error"]
    assert error["message_da"] and error["message_en"]
    return error


def _upload(server, name: str, content: bytes, kommune: str = HVIDOVRE):
    return server.post(
        "/submissions",
        "indsender_hvidovre",
        data={"kommune": kommune},
        files={"file": (name, io.BytesIO(content))},
    )


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("erhvervsareal.gpkg", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()


HOSTILE_FILES = {
    "random bytes": ("tilfaeldig.gpkg", lambda valid: os.urandom(4096)),
    "empty file": ("tom.gpkg", lambda valid: b""),
    "truncated GeoPackage": ("afkortet.gpkg", lambda valid: valid[: len(valid) // 3]),
    "zip bomb": ("bombe.zip", lambda valid: _zip_bomb()),
    "zip bomb named as GeoPackage": ("bombe.gpkg", lambda valid: _zip_bomb()),
    "GeoJSON that is not JSON": ("forkert.geojson", lambda valid: b'{"type": "FeatureCollection",'),
    "path in the file name": ("../../../etc/tilfaeldig.gpkg", lambda valid: os.urandom(2048)),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_file_is_refused_and_nothing_is_stored(server, make_submission, case):
    name, make = HOSTILE_FILES[case]
    valid_path, _ = make_submission(HVIDOVRE, count=1)
    answer = _upload(server, name, make(valid_path.read_bytes()))
    error = _refused(answer, 400, 422)
    assert "Traceback" not in answer.text
    assert error["code"] in ("fil_kan_ikke_laeses", "ugyldig_anmodning")
    _nothing_stored(server)
    assert not (server.settings.data_dir.parent / "etc").exists()


def test_sql_in_layer_name_is_refused_and_the_tables_stay_intact(server, kommune_shapes, tmp_path):
    square = squares_inside(kommune_shapes[HVIDOVRE], 1)
    hostile = "erhvervsareal'; DROP TABLE submissions; --"
    path = write_gpkg(tmp_path / "sql.gpkg", [site_attributes(HVIDOVRE)], square, layer=hostile)
    error = _refused(_upload(server, "sql.gpkg", path.read_bytes()), 422)
    assert "DROP TABLE" in error["message_en"]  # named back to the user as data
    _nothing_stored(server)
    valid, _ = write_gpkg(tmp_path / "ok.gpkg", [site_attributes(HVIDOVRE)], square), None
    assert _upload(server, "ok.gpkg", valid.read_bytes()).status_code == 201


def test_path_in_file_name_is_reduced_to_its_last_segment(server, make_submission):
    path, _ = make_submission(HVIDOVRE, count=1)
    answer = _upload(server, "..\\..//../../etc/passwd.gpkg", path.read_bytes())
    assert answer.status_code == 201, answer.text
    assert answer.json()["file_name"] == "passwd.gpkg"
    assert not (server.settings.data_dir / "etc").exists()


def test_script_in_attribute_values_is_kept_as_data(server, make_submission):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    path, _rows = make_submission(HVIDOVRE, rows=[site_attributes(HVIDOVRE, navn=hostile)], count=1)
    answer = _upload(server, "script.gpkg", path.read_bytes())
    assert answer.status_code == 201, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    submission_id = answer.json()["id"]
    (stored,) = server.store.submission_features(submission_id)
    assert stored.attributes["navn"] == hostile
    release = server.post(f"/submissions/{submission_id}/approve", "godkender", json={}).json()
    frame = server.store.release_frames(release["release"]["id"])["erhvervsareal"]
    assert frame["navn"].tolist() == [hostile]


@pytest.fixture
def small_limit_server(server):
    """The same app with an upload limit of 200 kB, on its own port (werkzeug's server, which
    hands the app the body as it streams in). The 413 tests below hold the app's own promise;
    `serve` keeps waitress's cap behind it (test_serve_command.py) and production sets nginx's
    limit in front (tests/deploy/test_nginx.py)."""
    from loopback import free_port
    from publisher.api import create_app

    settings = replace(server.settings, max_upload_bytes=200_000)
    app = create_app(settings, store=server.store, release_hooks=[], blueprints=[])
    port = free_port()
    http_server, thread = serve_in_thread(app, port)
    yield replace(server, url=f"http://127.0.0.1:{port}", settings=settings)
    http_server.shutdown()
    thread.join(timeout=5)


def test_upload_over_the_limit_gets_413(small_limit_server):
    answer = _upload(small_limit_server, "stor.gpkg", os.urandom(400_000))
    error = _refused(answer, 413)
    assert error["code"] == "fil_for_stor" and "MB" in error["message_da"]
    _nothing_stored(small_limit_server)


def test_huge_declared_length_is_refused_before_the_body_is_read(small_limit_server):
    """Claims 10 GB, sends a few bytes: the answer comes at once, without waiting for the body."""
    host, port = small_limit_server.url.removeprefix("http://").split(":")
    head = declare_huge_upload(host, int(port), small_limit_server.tokens["indsender_hvidovre"])
    assert head.startswith("HTTP/1.1 413"), head
    _nothing_stored(small_limit_server)


def test_chunked_upload_without_length_is_cut_off_at_the_limit(small_limit_server):
    """No Content-Length: the app stops reading once the bytes pass the limit and answers 413."""
    boundary = "grænse"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kommune"\r\n\r\n{HVIDOVRE}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="stor.gpkg"\r\n\r\n'
    ).encode()

    def body():
        yield head
        for _ in range(200):  # 13 MB against a limit of 200 kB
            yield os.urandom(65536)

    answer = requests.post(
        small_limit_server.api("/submissions"),
        data=body(),
        headers={
            **small_limit_server.headers("indsender_hvidovre"),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
        timeout=60,
    )
    error = _refused(answer, 413)
    assert error["message_en"] == "The file is larger than the limit of 0.2 MB."
    _nothing_stored(small_limit_server)
