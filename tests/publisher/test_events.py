"""The events outbox on SQLite and PostGIS: every workflow state change yields exactly one event
(none for a refused change), an overdue site is announced once per confirmation date, and
GET /haendelser pages them, per kommune for an indsender. SMTP is off by default."""

from __future__ import annotations

from datetime import timedelta

from datamodel.freshness import shift_months
from publisher.workflow.desk import Desk, today_in_denmark
from publisher_support import HVIDOVRE, KOEBENHAVN, site_attributes


def _kinds_since(server, after: int) -> list[tuple[str, int | None]]:
    events = server.get("/haendelser", "godkender", params={"after": after}).json()["events"]
    return [(event["kind"], event["submission_id"]) for event in events]


def _last_id(server) -> int:
    events = server.get("/haendelser", "godkender", params={"limit": 1}).json()["events"]
    return events[0]["id"] if events else 0


def test_every_state_change_yields_exactly_one_event(server, make_submission):
    mark = _last_id(server)
    old = shift_months(today_in_denmark(), -13).isoformat()
    path, _ = make_submission(
        HVIDOVRE,
        count=2,
        rows=[
            site_attributes(HVIDOVRE, navn="Forfaldent areal", sidst_bekraeftet=old),
            site_attributes(HVIDOVRE, navn="Frisk areal"),
        ],
    )
    first = server.submit("indsender_hvidovre", HVIDOVRE, path).json()
    assert _kinds_since(server, mark) == [
        ("modtaget", first["id"]),
        ("til_godkendelse", first["id"]),
    ]

    mark = _last_id(server)
    outside, _ = make_submission(HVIDOVRE, count=1, inside=KOEBENHAVN)
    blocked = server.submit("indsender_hvidovre", HVIDOVRE, outside).json()
    assert blocked["status"] == "afvist_automatisk"
    assert _kinds_since(server, mark) == [
        ("modtaget", blocked["id"]),
        ("afvist_automatisk", blocked["id"]),
    ]

    mark = _last_id(server)
    approved = server.post(
        f"/submissions/{first['id']}/approve",
        "godkender",
        json={"expected_version": 0, "comment": "Fint"},
    )
    assert approved.status_code == 200
    refused = server.post(f"/submissions/{first['id']}/approve", "godkender", json={})
    assert refused.status_code == 409  # decided already: no state change, no event
    (event,) = server.get("/haendelser", "godkender", params={"after": mark}).json()["events"]
    assert (event["kind"], event["kommune"], event["actor"]) == ("godkendt", HVIDOVRE, "godkender")
    assert event["release_id"] == approved.json()["release"]["id"]
    assert event["details"]["comment"] == "Fint" and event["details"]["release_number"] == 1
    assert event["mail"] == {"sent_at": None, "attempts": 0, "error": None}  # SMTP is off

    desk = Desk(_workflow(server))
    mark = _last_id(server)
    assert list(desk.announce_overdue()) == [HVIDOVRE]
    assert desk.announce_overdue() == {}  # announced once
    (event,) = server.get("/haendelser", "indsender_hvidovre", params={"after": mark}).json()[
        "events"
    ]
    assert event["kind"] == "forfalden"
    assert [site["navn"] for site in event["details"]["sites"]] == ["Forfaldent areal"]

    second_path, _ = make_submission(HVIDOVRE, count=1)
    second = server.submit("indsender_hvidovre", HVIDOVRE, second_path).json()
    mark = _last_id(server)
    assert (
        server.post(
            f"/submissions/{second['id']}/reject",
            "godkender",
            json={"comment": "Nej", "expected_version": 1},
        ).status_code
        == 200
    )
    assert (
        server.post(f"/submissions/{second['id']}/reject", "godkender", json={}).status_code == 409
    )
    assert _kinds_since(server, mark) == [("afvist", second["id"])]

    third_path, _ = make_submission(HVIDOVRE, count=1)
    third = server.submit("indsender_hvidovre", HVIDOVRE, third_path).json()
    server.post(f"/submissions/{third['id']}/approve", "godkender", json={})
    mark = _last_id(server)
    release_1 = approved.json()["release"]["id"]
    stale = server.post(
        f"/kommuner/{HVIDOVRE}/rollback",
        "godkender",
        json={"release_id": release_1, "expected_version": 1, "confirm_republish": True},
    )
    assert stale.status_code == 409
    assert (
        server.post(
            f"/kommuner/{HVIDOVRE}/rollback",
            "godkender",
            json={"release_id": release_1, "confirm_republish": True},
        ).status_code
        == 200
    )
    assert _kinds_since(server, mark) == [("rullet_tilbage", None)]
    assert desk.announce_overdue() == {}  # the same site with the same date: already announced


def test_events_come_a_page_at_a_time_and_an_indsender_sees_only_its_own(server, make_submission):
    for _ in range(3):
        path, _ = make_submission(HVIDOVRE, count=1)
        server.submit("indsender_hvidovre", HVIDOVRE, path)
    everything = server.get("/haendelser", "admin").json()["events"]
    assert len(everything) == 6 and [e["id"] for e in everything] == sorted(
        (e["id"] for e in everything), reverse=True
    )
    page = server.get("/haendelser", "indsender_hvidovre", params={"limit": 4}).json()
    assert [e["id"] for e in page["events"]] == [e["id"] for e in everything[:4]]
    rest = server.call("GET", page["next"].split("/api/v1", 1)[1], "indsender_hvidovre").json()
    assert [e["id"] for e in rest["events"]] == [e["id"] for e in everything[4:]]
    assert rest["next"] is None
    polled = server.get(
        "/haendelser", "indsender_hvidovre", params={"after": everything[-1]["id"], "limit": 3}
    ).json()
    assert [e["id"] for e in polled["events"]] == [e["id"] for e in everything[::-1][1:4]]
    assert "after=" in polled["next"]
    assert server.get("/haendelser", "indsender_koebenhavn").json()["events"] == []
    assert (
        server.get("/haendelser", "indsender_koebenhavn", params={"kommune": HVIDOVRE}).status_code
        == 403
    )
    bad = server.get("/haendelser", "godkender", params={"after": "x"})
    assert bad.status_code == 400 and "after" in bad.json()["error"]["message_en"]


def _workflow(server):
    from publisher.workflow import Workflow

    return Workflow(server.store, server.settings, [])


def test_overdue_sites_are_announced_again_only_after_a_new_date(server, make_submission):
    from publisher.store import overview

    today = today_in_denmark()
    path, rows = make_submission(
        HVIDOVRE,
        count=1,
        rows=[site_attributes(HVIDOVRE, sidst_bekraeftet=shift_months(today, -13).isoformat())],
    )
    submitted = server.submit("indsender_hvidovre", HVIDOVRE, path).json()
    server.post(f"/submissions/{submitted['id']}/approve", "godkender", json={})
    desk = Desk(_workflow(server))
    assert len(desk.announce_overdue(today)[HVIDOVRE]) == 1
    assert desk.announce_overdue(today + timedelta(days=40)) == {}
    site = rows[0]["objekt_id"]
    sites = [{"objekt_id": site, "navn": "x", "sidst_bekraeftet": "2020-01-01"}]
    assert overview.record_overdue_notice(server.store, HVIDOVRE, sites, "test") == sites
