"""Authorization matrix: every endpoint × every caller (own and other kommune), both backends.

The target is always Hvidovre's data; ``indsender_hvidovre`` is the own kommune,
``indsender_koebenhavn`` the other one.
"""

from __future__ import annotations

import itertools

import pytest

from publisher_support import HVIDOVRE

CALLERS = (
    "anonym",
    "forkert_token",
    "indsender_hvidovre",
    "indsender_koebenhavn",
    "godkender",
    "admin",
)
_names = itertools.count(1)


def _as(server, caller: str) -> dict:
    if caller == "anonym":
        return {}
    if caller == "forkert_token":
        return {"token": "ikke-et-rigtigt-token"}
    return {"who": caller}


def _pending(server, make_submission) -> int:
    path, _ = make_submission(HVIDOVRE, count=1)
    answer = server.submit("indsender_hvidovre", HVIDOVRE, path)
    assert answer.status_code == 201 and answer.json()["status"] == "til_godkendelse", answer.text
    return answer.json()["id"]


def _released(server, make_submission) -> tuple[int, int]:
    """Two releases of Hvidovre; returns (older release id, current release id)."""
    ids = []
    for _ in range(2):
        submission_id = _pending(server, make_submission)
        answer = server.post(f"/submissions/{submission_id}/approve", "godkender", json={})
        ids.append(answer.json()["release"]["id"])
    return ids[0], ids[1]


def _submit(server, make_submission, **caller):
    path, _ = make_submission(HVIDOVRE, count=1)
    with open(path, "rb") as handle:
        return server.post(
            "/submissions", data={"kommune": HVIDOVRE}, files={"file": ("a.gpkg", handle)}, **caller
        )


def _confirm(server, make_submission, **caller):
    current = _released(server, make_submission)[1]
    site = next(row.objekt_id for row in server.store.release_features(current))
    return server.post(f"/kommuner/{HVIDOVRE}/bekraeftelser", json={"objekt_ids": [site]}, **caller)


def _new_user(server, make_submission, **caller):
    return server.post(
        "/users", json={"name": f"bruger{next(_names)}", "role": "godkender"}, **caller
    )


def _revoke_user(server, make_submission, **caller):
    name = f"spaerres{next(_names)}"
    server.post("/users", "admin", json={"name": name, "role": "godkender"})
    return server.delete(f"/users/{name}", **caller)


ENDPOINTS = {
    # name: (call(server, make_submission, **caller) -> response, expected status per caller)
    "POST /submissions": (_submit, (401, 401, 201, 403, 403, 403)),
    "GET /submissions?kommune": (
        lambda s, m, **c: s.get("/submissions", params={"kommune": HVIDOVRE}, **c),
        (401, 401, 200, 403, 200, 200),
    ),
    "GET /submissions/{id}": (
        lambda s, m, **c: s.get(f"/submissions/{_pending(s, m)}", **c),
        (401, 401, 200, 404, 200, 200),
    ),
    "GET /submissions/{id}/file": (
        lambda s, m, **c: s.get(f"/submissions/{_pending(s, m)}/file", **c),
        (401, 401, 200, 404, 200, 200),
    ),
    "GET /submissions/{id}/map": (
        lambda s, m, **c: s.get(f"/submissions/{_pending(s, m)}/map", **c),
        (401, 401, 200, 404, 200, 200),
    ),
    "POST /submissions/{id}/approve": (
        lambda s, m, **c: s.post(f"/submissions/{_pending(s, m)}/approve", json={}, **c),
        (401, 401, 403, 403, 200, 403),
    ),
    "POST /submissions/{id}/reject": (
        lambda s, m, **c: s.post(f"/submissions/{_pending(s, m)}/reject", json={}, **c),
        (401, 401, 403, 403, 200, 403),
    ),
    "GET /kommuner/{kode}/releases": (
        lambda s, m, **c: s.get(f"/kommuner/{HVIDOVRE}/releases", **c),
        (401, 401, 200, 403, 200, 200),
    ),
    "GET /releases/{id}": (
        lambda s, m, **c: s.get(f"/releases/{_released(s, m)[1]}", **c),
        (401, 401, 200, 404, 200, 200),
    ),
    "POST /kommuner/{kode}/rollback": (
        lambda s, m, **c: s.post(
            f"/kommuner/{HVIDOVRE}/rollback",
            json={"release_id": _released(s, m)[0], "confirm_republish": True},
            **c,
        ),
        (401, 401, 403, 403, 200, 403),
    ),
    "GET /kommuner/{kode}/rollback/preview": (
        lambda s, m, **c: s.get(
            f"/kommuner/{HVIDOVRE}/rollback/preview", params={"release_id": _released(s, m)[0]}, **c
        ),
        (401, 401, 200, 403, 200, 200),
    ),
    "GET /releases/{id}/changes": (
        lambda s, m, **c: s.get(f"/releases/{_released(s, m)[1]}/changes", **c),
        (401, 401, 200, 404, 200, 200),
    ),
    "GET /releases/{id}/changes/map": (
        lambda s, m, **c: s.get(f"/releases/{_released(s, m)[1]}/changes/map", **c),
        (401, 401, 200, 404, 200, 200),
    ),
    "GET /kommuner": (lambda s, m, **c: s.get("/kommuner", **c), (401, 401, 200, 200, 200, 200)),
    "GET /dashboard": (lambda s, m, **c: s.get("/dashboard", **c), (401, 401, 403, 403, 200, 200)),
    "GET /dashboard/map": (
        lambda s, m, **c: s.get("/dashboard/map", **c),
        (401, 401, 403, 403, 200, 200),
    ),
    "GET /kommuner/{kode}/forfaldne": (
        lambda s, m, **c: s.get(f"/kommuner/{HVIDOVRE}/forfaldne", **c),
        (401, 401, 200, 403, 200, 200),
    ),
    "POST /kommuner/{kode}/bekraeftelser": (_confirm, (401, 401, 201, 403, 403, 403)),
    "GET /haendelser?kommune": (
        lambda s, m, **c: s.get("/haendelser", params={"kommune": HVIDOVRE}, **c),
        (401, 401, 200, 403, 200, 200),
    ),
    "GET /kontakter": (lambda s, m, **c: s.get("/kontakter", **c), (401, 401, 403, 403, 403, 200)),
    "PUT /kommuner/{kode}/kontakt": (
        lambda s, m, **c: s.call(
            "PUT", f"/kommuner/{HVIDOVRE}/kontakt", json={"email": "erhverv@hvidovre.dk"}, **c
        ),
        (401, 401, 403, 403, 403, 200),
    ),
    "GET /audit": (lambda s, m, **c: s.get("/audit", **c), (401, 401, 403, 403, 200, 200)),
    "GET /users": (lambda s, m, **c: s.get("/users", **c), (401, 401, 403, 403, 403, 200)),
    "POST /users": (_new_user, (401, 401, 403, 403, 403, 201)),
    "DELETE /users/{name}": (_revoke_user, (401, 401, 403, 403, 403, 200)),
    "GET /me": (lambda s, m, **c: s.get("/me", **c), (401, 401, 200, 200, 200, 200)),
    "GET /references": (
        lambda s, m, **c: s.get("/references", **c),
        (401, 401, 200, 200, 200, 200),
    ),
    "GET /references/{kind}": (
        lambda s, m, **c: s.get("/references/kommunegraenser", **c),
        (401, 401, 200, 200, 200, 200),
    ),
    "GET /openapi.json": (
        lambda s, m, **c: s.get("/openapi.json", **c),
        (200, 200, 200, 200, 200, 200),
    ),
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_authorization_matrix(server, make_submission, endpoint):
    call, expected = ENDPOINTS[endpoint]
    seen = {}
    for caller in CALLERS:
        answer = call(server, make_submission, **_as(server, caller))
        seen[caller] = answer.status_code
        if answer.status_code in (401, 403):
            error = answer.json()["error"]
            assert error["message_da"] and error["message_en"], (caller, error)
    assert seen == dict(zip(CALLERS, expected))


@pytest.mark.parametrize(
    "path", ["/submissions/{id}", "/submissions/{id}/file", "/submissions/{id}/map"]
)
def test_another_kommunes_submission_is_answered_exactly_as_a_missing_one(
    server, make_submission, path
):
    existing = _pending(server, make_submission)
    missing = existing + 1000
    other = server.get(path.format(id=existing), "indsender_koebenhavn")
    absent = server.get(path.format(id=missing), "indsender_koebenhavn")
    assert other.status_code == absent.status_code == 404
    assert other.headers["Content-Type"] == absent.headers["Content-Type"]
    assert other.text == absent.text.replace(str(missing), str(existing))


def test_indsender_lists_only_own_kommune(server, make_submission):
    own = _pending(server, make_submission)
    for who, expected in (
        ("indsender_hvidovre", [own]),
        ("indsender_koebenhavn", []),
        ("godkender", [own]),
    ):
        listed = server.get("/submissions", who).json()["submissions"]
        assert [s["id"] for s in listed] == expected, who


def test_indsender_cannot_submit_for_another_kommune_nor_outside_its_boundary(
    server, make_submission
):
    path, _ = make_submission(HVIDOVRE, count=1)
    with open(path, "rb") as handle:
        other = server.post(
            "/submissions",
            "indsender_koebenhavn",
            data={"kommune": HVIDOVRE},
            files={"file": ("a.gpkg", handle)},
        )
    assert other.status_code == 403 and "0101" in other.json()["error"]["message_da"]
    # Geometry in København, declared as Hvidovre by Hvidovre's own indsender: the boundary rule.
    outside, _ = make_submission(HVIDOVRE, count=1, inside="0101")
    answer = server.submit("indsender_hvidovre", HVIDOVRE, outside).json()
    assert answer["status"] == "afvist_automatisk"
    assert any(
        f["severity"] == "blokerende" and f["layer"] == "erhvervsareal"
        for f in answer["report"]["findings"]
    )


def test_revoked_user_is_refused(server):
    assert server.get("/me", "godkender").status_code == 200
    assert server.delete("/users/godkender", "admin").status_code == 200
    answer = server.get("/me", "godkender")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "ikke_logget_ind"
