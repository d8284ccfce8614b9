"""The hostile corpus (hostile_corpus.py) through the real server and the command line.

`python -m publisher serve` runs on loopback with its validation in a worker process. Each file
gets a clear 422, or a 201 whose capped report rejects it, while other requests keep being
answered; the worker stays within its memory limit, the server process small, and a rejected
file leaves the store as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from hostile_corpus import CORPUS, HVIDOVRE, heavy_copies, make_corpus
from loopback import stop_process
from publisher_support import site_attributes, squares_inside, start_serve, write_gpkg

from publisher.auth import add_user
from publisher.store import Store

REPO = Path(__file__).resolve().parents[2]
WORKER_MEMORY_MB = 2048
SERVER_MEMORY_MB = 600
"""The server process itself (waitress, Flask, the store) never holds a validation's data."""
UPLOAD_LIMIT = 160 * 1024 * 1024
"""Above the 94 MB GeoJSON of a million features, so that the feature limit is what answers."""
REPORT_LIMIT = 3 * 1024 * 1024
ANSWER_LIMIT = 10 * 1024 * 1024
"""The answer lists every object the submission adds (the diff), 115 bytes each: 5.5 MB for
50,000; the report in it is capped."""
TIMEOUT = 120
BY_NAME = {hostile.name: hostile for hostile in CORPUS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared_data) -> dict[str, Path]:
    return make_corpus(tmp_path_factory.mktemp("hostile"), shared_data)


@pytest.fixture(scope="module")
def served(store_templates, tmp_path_factory, request):
    settings = store_templates("sqlite", request).copy_to(
        tmp_path_factory.mktemp("served"), request
    )
    store = Store.open(settings.database)
    _, token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    process, url = start_serve(
        settings,
        {
            "OVERBLIKSKORT_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
            "OVERBLIKSKORT_VALIDATION_MEMORY_MB": str(WORKER_MEMORY_MB),
            "OVERBLIKSKORT_VALIDATION_TIMEOUT_SECONDS": str(TIMEOUT),
        },
    )
    yield process, url, token, store
    stop_process(process)


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        children = parents.get(queue.pop(), [])
        found += children
        queue += children
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Watch:
    """While a hostile upload runs: the server's and its workers' memory, and whether the
    server still answers a plain request (GET /me) every quarter second."""

    def __init__(self, pid: int, url: str, token: str):
        self.pid, self.url, self.token = pid, url, token
        self.server_mb = self.worker_mb = 0.0
        self.answers: list[int] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._memory),
            threading.Thread(target=self._liveness),
        ]

    def _memory(self):
        while not self._stop.wait(0.05):
            self.server_mb = max(self.server_mb, _rss_mb(self.pid))
            workers = [_rss_mb(pid) for pid in _descendants(self.pid)]
            self.worker_mb = max([self.worker_mb, *workers])

    def _liveness(self):
        self._ask()
        while not self._stop.wait(0.25):
            self._ask()

    def _ask(self):
        try:
            self.answers.append(
                requests.get(
                    f"{self.url}/me", headers={"Authorization": f"Bearer {self.token}"}, timeout=30
                ).status_code
            )
        except requests.RequestException:
            self.answers.append(0)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self._ask()  # and after


def _stored(store) -> tuple:
    return (len(store.submissions()), len([e for e in store.audit_log() if e.action == "indsendt"]))


@pytest.mark.parametrize("name", [hostile.name for hostile in CORPUS])
def test_hostile_file_gets_a_clear_answer_and_the_server_stays_up(served, corpus, name):
    process, url, token, store = served
    hostile = BY_NAME[name]
    before = _stored(store)
    path = corpus[name]
    with Watch(process.pid, url, token) as watch, path.open("rb") as handle:
        answer = requests.post(
            f"{url}/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": (path.name, handle)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT + 60,
        )
    assert answer.status_code in hostile.statuses, answer.text[:2000]
    assert len(answer.content) < ANSWER_LIMIT
    assert "Traceback" not in answer.text and "upload-" not in answer.text
    assert "indsendelse.gpkg" not in answer.text and "indsendelse.geojson" not in answer.text
    assert "layer indsendelse" not in answer.text
    assert "SELECT" not in answer.text and "sqlite3_" not in answer.text
    if answer.status_code == 422:
        error = answer.json()["error"]
        assert path.name in error["message_da"] and path.name in error["message_en"]
        assert hostile.words_en in error["message_en"]
        assert _stored(store) == before
    else:
        body = answer.json()
        assert body["status"] == "afvist_automatisk" and body["report"]["blocking"]
        assert len(json.dumps(body["report"])) < REPORT_LIMIT
        assert hostile.words_en in " ".join(f["message_en"] for f in body["report"]["findings"])
        detail = requests.get(
            f"{url}/submissions/{body['id']}",
            timeout=60,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert detail.status_code == 200 and len(detail.content) < ANSWER_LIMIT
    assert watch.answers and set(watch.answers) == {200}, watch.answers
    assert watch.worker_mb < WORKER_MEMORY_MB
    assert watch.server_mb < SERVER_MEMORY_MB
    print(
        f"\n{name}: {answer.status_code}, worker peak {watch.worker_mb:.0f} MB, server "
        f"{watch.server_mb:.0f} MB, {len(watch.answers)} other requests answered meanwhile"
    )


def test_after_the_corpus_a_valid_file_is_accepted(served, kommune_shapes, tmp_path):
    """Runs after the corpus, on the same server."""
    _, url, token, _ = served
    path = write_gpkg(
        tmp_path / "gyldig.gpkg",
        [site_attributes(HVIDOVRE)],
        squares_inside(kommune_shapes[HVIDOVRE], 1),
    )
    with path.open("rb") as handle:
        answer = requests.post(
            f"{url}/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": ("gyldig.gpkg", handle)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        )
    assert answer.status_code == 201 and answer.json()["status"] == "til_godkendelse", answer.text[
        :2000
    ]


@pytest.mark.parametrize("name", [hostile.name for hostile in CORPUS])
def test_validate_command_exits_2_or_1_with_a_message(corpus, name, tmp_path):
    path = corpus[name]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "publisher",
            "--data-dir",
            str(tmp_path / "var"),
            "validate",
            str(path),
            "--kommune",
            HVIDOVRE,
            "--lang",
            "en",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT + 60,
        env={**os.environ, "OVERBLIKSKORT_VALIDATION_TIMEOUT_SECONDS": str(TIMEOUT)},
    )
    hostile = BY_NAME[name]
    assert "Traceback" not in completed.stderr
    if 422 in hostile.statuses:
        assert completed.returncode == 2, completed.stdout[-2000:] + completed.stderr
        assert hostile.words_en in completed.stderr and path.name in completed.stderr
        assert completed.stdout == ""
    else:
        assert completed.returncode == 1, completed.stdout[-2000:] + completed.stderr
        assert hostile.words_en in completed.stdout
        assert len(completed.stdout) < REPORT_LIMIT


def test_a_validation_over_its_time_is_stopped_and_the_server_goes_on(
    store_templates, tmp_path, request, shared_data, kommune_shapes
):
    settings = store_templates("sqlite", request).copy_to(tmp_path / "data", request)
    store = Store.open(settings.database)
    _, token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    heavy = heavy_copies(tmp_path, shared_data)
    process, url = start_serve(settings, {"OVERBLIKSKORT_VALIDATION_TIMEOUT_SECONDS": "5"})
    try:
        headers = {"Authorization": f"Bearer {token}"}
        with Watch(process.pid, url, token) as watch, heavy.open("rb") as handle:
            answer = requests.post(
                f"{url}/submissions",
                data={"kommune": HVIDOVRE},
                files={"file": ("tunge.gpkg", handle)},
                headers=headers,
                timeout=120,
            )
        assert answer.status_code == 422, answer.text[:2000]
        error = answer.json()["error"]
        assert error["code"] == "fil_for_kompleks"
        assert error["message_en"] == (
            "The file tunge.gpkg is too large or too complex to "
            "check: the check took more than 5 seconds and was "
            "stopped."
        )
        assert error["message_da"].startswith("Filen tunge.gpkg er for stor eller for kompleks")
        assert set(watch.answers) == {200} and store.submissions() == []
        valid = write_gpkg(
            tmp_path / "gyldig.gpkg",
            [site_attributes(HVIDOVRE)],
            squares_inside(kommune_shapes[HVIDOVRE], 1),
        )
        with valid.open("rb") as handle:
            after = requests.post(
                f"{url}/submissions",
                data={"kommune": HVIDOVRE},
                files={"file": ("gyldig.gpkg", handle)},
                headers=headers,
                timeout=120,
            )
        assert after.status_code == 201, after.text[:2000]
    finally:
        stop_process(process)


def test_validate_command_stops_a_check_over_its_memory(corpus, tmp_path):
    """A million features let through (max 2,000,000) need more than 600 MB: exit 2."""
    path = corpus["a GeoJSON with 10^6 tiny features"]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "publisher",
            "--data-dir",
            str(tmp_path / "var"),
            "validate",
            str(path),
            "--kommune",
            HVIDOVRE,
            "--lang",
            "en",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "OVERBLIKSKORT_VALIDATION_MEMORY_MB": "600",
            "OVERBLIKSKORT_VALIDATION_MAX_FEATURES": "2000000",
        },
    )
    assert completed.returncode == 2, completed.stdout[-2000:] + completed.stderr
    assert completed.stderr.strip() == (
        f"The file {path.name} is too large or too complex to check: the check used more than "
        "600 MB of memory and was stopped."
    )
