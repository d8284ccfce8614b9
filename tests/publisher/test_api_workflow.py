"""The whole workflow through a real HTTP server on loopback, on SQLite and on PostGIS."""

from __future__ import annotations

import re

import requests

from publisher_support import HVIDOVRE, KOEBENHAVN, site_attributes


def test_submit_approve_change_reject_approve_rollback(server, make_submission):
    path, rows = make_submission(HVIDOVRE, count=3)
    answer = server.submit("indsender_hvidovre", HVIDOVRE, path)
    assert answer.status_code == 201, answer.text
    first = answer.json()
    assert first["status"] == "til_godkendelse"
    assert first["report"]["kommune"] == HVIDOVRE and not first["report"]["blocking"]
    assert first["report"]["ruleset_version"] == first["ruleset_version"]
    assert first["diff"]["counts"] == {"new": 3, "changed": 0, "deleted": 0, "unchanged": 0}
    assert first["kommune_state"] == {"kommune": HVIDOVRE, "release_id": None, "version": 0}

    listed = server.get("/submissions", "godkender", params={"status": "til_godkendelse"}).json()
    assert [s["id"] for s in listed["submissions"]] == [first["id"]]

    approved = server.post(
        f"/submissions/{first['id']}/approve",
        "godkender",
        json={"comment": "Godkendt", "expected_version": 0},
    )
    assert approved.status_code == 200, approved.text
    release_1 = approved.json()["release"]
    assert (release_1["number"], release_1["feature_count"], release_1["current"]) == (1, 3, True)
    assert approved.json()["kommune_state"]["version"] == 1
    assert server.released == [HVIDOVRE]

    # A new version: first object unchanged, second renamed, third gone, one new.
    changed = [rows[0], {**rows[1], "navn": "Nyt navn"}, site_attributes(HVIDOVRE, navn="Ny")]
    geometries = [_geometry_of(server, release_1["id"], rows[i]["objekt_id"]) for i in (0, 1)]
    path_2, _ = make_submission(
        HVIDOVRE, rows=changed, geometries=[*geometries, *_fresh(make_submission)]
    )
    second = server.submit("indsender_hvidovre", HVIDOVRE, path_2).json()
    assert second["diff"]["counts"] == {"new": 1, "changed": 1, "deleted": 1, "unchanged": 1}
    assert second["diff"]["against_release_id"] == release_1["id"]
    (change,) = second["diff"]["changed"]
    assert change["objekt_id"] == rows[1]["objekt_id"]
    assert change["fields"] == [{"field": "navn", "old": rows[1]["navn"], "new": "Nyt navn"}]
    assert change["geometry_changed"] is False
    (deleted,) = second["diff"]["deleted"]
    assert (deleted["layer"], deleted["navn"], deleted["objekt_id"]) == (
        "erhvervsareal",
        rows[2]["navn"],
        rows[2]["objekt_id"],
    )
    assert deleted["attributes"]["status"] == rows[2]["status"]  # what the approver sees of it
    assert deleted["attributes"]["synlighed"] == "offentlig"
    assert second["diff"]["public"] == {"published": 1, "withdrawn": 1, "changed": 1}

    changes = server.get(f"/submissions/{second['id']}/map", "godkender")
    assert changes.headers["Content-Type"].startswith("application/geo+json")
    kinds = sorted(f["properties"]["aendring"] for f in changes.json()["features"])
    assert kinds == ["aendret", "kommunegraense", "ny", "slettet", "uaendret"]
    lon, lat = changes.json()["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 12.3 < lon < 12.6 and 55.5 < lat < 55.7  # WGS84, in Hvidovre

    unknown = server.post(
        f"/submissions/{second['id']}/reject",
        "godkender",
        json={"object_comments": [{"objekt_id": "findes-ikke", "comment": "?"}]},
    )
    assert unknown.status_code == 400 and "findes-ikke" in unknown.json()["error"]["message_da"]
    original = server.get(f"/submissions/{second['id']}/file", "indsender_hvidovre")
    assert original.content == path_2.read_bytes()
    assert 'filename="' in original.headers["Content-Disposition"]

    rejected = server.post(
        f"/submissions/{second['id']}/reject",
        "godkender",
        json={
            "comment": "Navnet er forkert",
            "object_comments": [
                {"objekt_id": rows[1]["objekt_id"], "comment": "Brug lokalplanens navn"}
            ],
        },
    )
    assert rejected.status_code == 200, rejected.text
    seen_by_kommune = server.get(f"/submissions/{second['id']}", "indsender_hvidovre").json()
    assert seen_by_kommune["status"] == "afvist"
    assert seen_by_kommune["comment"] == "Navnet er forkert"
    assert seen_by_kommune["object_comments"][0]["comment"] == "Brug lokalplanens navn"
    releases = server.get(f"/kommuner/{HVIDOVRE}/releases", "godkender").json()
    assert releases["kommune_state"]["release_id"] == release_1["id"]
    assert server.released == [HVIDOVRE]

    third = server.submit("indsender_hvidovre", HVIDOVRE, path_2).json()
    release_2 = server.post(
        f"/submissions/{third['id']}/approve", "godkender", json={"expected_version": 1}
    ).json()["release"]
    assert release_2["number"] == 2
    back = server.post(
        f"/kommuner/{HVIDOVRE}/rollback",
        "godkender",
        json={"release_id": release_1["id"], "expected_version": 2},
    )
    assert back.status_code == 409  # it would re-publish the object release 2 deleted
    assert back.json()["error"]["code"] == "bekraeftelse_kraeves"
    back = server.post(
        f"/kommuner/{HVIDOVRE}/rollback",
        "godkender",
        json={"release_id": release_1["id"], "expected_version": 2, "confirm_republish": True},
    )
    assert back.status_code == 200, back.text
    assert back.json()["kommune_state"] == {
        "kommune": HVIDOVRE,
        "release_id": release_1["id"],
        "version": 3,
    }
    assert server.released == [HVIDOVRE] * 3
    assert server.get(f"/releases/{release_1['id']}", "godkender").json()["current"] is True
    assert server.get(f"/releases/{release_2['id']}", "godkender").json()["current"] is False

    audit = server.get("/audit", "godkender", params={"kommune": HVIDOVRE}).json()["entries"]
    actions = [
        entry["action"]
        for entry in reversed(audit)
        if entry["submission_id"] or entry["release_id"]
    ]
    assert actions == [
        "indsendt",
        "godkendt",
        "indsendt",
        "afvist",
        "indsendt",
        "godkendt",
        "rullet_tilbage",
    ]
    approval = next(
        entry
        for entry in audit
        if entry["submission_id"] == first["id"] and entry["action"] == "godkendt"
    )
    assert approval["actor"] == "godkender"
    assert approval["report_hash"] == first["report_hash"]
    assert approval["ruleset_version"] == first["ruleset_version"]


def _geometry_of(server, release_id: int, objekt_id: str):
    import shapely

    for row in server.store.release_features(release_id):
        if row.objekt_id == objekt_id:
            return shapely.from_wkb(row.wkb)
    raise AssertionError(objekt_id)


def _fresh(make_submission):
    """One more square inside Hvidovre that the earlier ones do not overlap."""
    import pyogrio

    path, _ = make_submission(HVIDOVRE, count=4)
    return list(pyogrio.read_dataframe(path).geometry.values[3:])


def test_blocking_findings_reject_automatically(server, make_submission):
    path, _ = make_submission(HVIDOVRE, count=1, inside=KOEBENHAVN)
    answer = server.submit("indsender_hvidovre", HVIDOVRE, path)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "afvist_automatisk"
    assert body["report"]["blocking"] is True
    assert any(f["severity"] == "blokerende" for f in body["report"]["findings"])
    refused = server.post(f"/submissions/{body['id']}/approve", "godkender", json={})
    assert refused.status_code == 409
    assert "afvist_automatisk" in refused.json()["error"]["message_da"]
    assert server.get(f"/kommuner/{HVIDOVRE}/releases", "godkender").json()["releases"] == []


def test_errors_are_danish_and_english(server):
    answer = server.get("/submissions/999999", "godkender")
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["code"] == "findes_ikke"
    assert "findes ikke" in error["message_da"] and "does not exist" in error["message_en"]
    wrong = server.post(f"/kommuner/{HVIDOVRE}/rollback", "godkender", json={"release_id": "x"})
    assert wrong.status_code == 400 and wrong.json()["error"]["message_en"]


def test_openapi_document_is_valid_and_documents_every_route(server):
    from openapi_spec_validator import validate

    document = server.get("/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    from publisher.api import create_app

    app = create_app(server.settings, store=server.store, release_hooks=[], blueprints=[])
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1/openapi.json":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, (path, method)
    approve = document["paths"]["/api/v1/submissions/{submission_id}/approve"]["post"]
    body = approve["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert {"comment", "object_comments", "expected_version"} <= set(schema["properties"])
    assert set(approve["responses"]) == {"200", "400", "401", "403", "404", "409", "503"}
    assert approve["security"] == [{"bearer": []}]


def test_malformed_requests_get_400_naming_the_field_in_both_languages(server, make_submission):
    path, _ = make_submission(HVIDOVRE, count=1)
    pending = server.submit("indsender_hvidovre", HVIDOVRE, path).json()["id"]
    for body, field in (
        ({"expected_version": -1}, "expected_version"),
        ({"expected_version": "1"}, "expected_version"),
        ({"comment": "x" * 4001}, "comment"),
        ({"object_comments": [{"comment": "?"}]}, "object_comments[0].objekt_id"),
    ):
        answer = server.post(f"/submissions/{pending}/approve", "godkender", json=body)
        assert answer.status_code == 400, (body, answer.text)
        error = answer.json()["error"]
        assert error["code"] == "ugyldig_anmodning"
        assert error["message_da"].startswith(field) and error["message_en"].startswith(field)
    garbled = requests.post(
        server.api(f"/submissions/{pending}/approve"),
        data="{nej",
        timeout=60,
        headers={**server.headers("godkender"), "Content-Type": "application/json"},
    )
    assert (
        garbled.status_code == 400
        and garbled.json()["error"]["message_en"] == "The body must be JSON."
    )
    listed = server.post(f"/submissions/{pending}/reject", "godkender", json=[1])
    assert listed.json()["error"]["message_da"] == "Kroppen skal være et JSON-objekt."
    unauthenticated = server.post(f"/submissions/{pending}/approve", json={"expected_version": -1})
    assert unauthenticated.status_code == 401
    assert server.get("/submissions", "godkender", params={"limit": 0}).status_code == 400
    assert server.get("/submissions", "godkender", params={"status": "ukendt"}).status_code == 400
    empty = server.post(f"/submissions/{pending}/reject", "godkender")
    assert empty.status_code == 200, empty.text
    assert server.store.submission(pending).status == "afvist"


def test_users_are_managed_by_admin_over_http(server):
    created = server.post(
        "/users", "admin", json={"name": "ny_planlaegger", "role": "indsender", "kommune": HVIDOVRE}
    )
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    me = server.get("/me", token=token)
    assert me.json()["kommune"] == HVIDOVRE
    assert "token" not in str(server.get("/users", "admin").json())
    assert server.delete("/users/ny_planlaegger", "admin").status_code == 200
    assert server.get("/me", token=token).status_code == 401
    bad = server.post("/users", "admin", json={"name": "x", "role": "indsender", "kommune": "1"})
    assert bad.status_code == 400 and "fire cifre" in bad.json()["error"]["message_da"]
