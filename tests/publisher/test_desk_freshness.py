"""Freshness through the API, on SQLite and PostGIS: a release whose sites are 13 months old is
overdue on the dashboard and in the kommune's list, and "Bekræft uændret" clears it through the
normal workflow (a queued submission whose only change is the date, approved in one step)."""

from __future__ import annotations

from datetime import date, timedelta

from datamodel.freshness import shift_months
from publisher.workflow.desk import today_in_denmark
from publisher_support import HVIDOVRE, KOEBENHAVN, site_attributes


def _release(server, make_submission, rows) -> dict:
    path, _ = make_submission(HVIDOVRE, rows=rows, count=len(rows))
    submitted = server.submit("indsender_hvidovre", HVIDOVRE, path).json()
    assert submitted["status"] == "til_godkendelse", submitted["report"]
    version = submitted["kommune_state"]["version"]
    answer = server.post(
        f"/submissions/{submitted['id']}/approve", "godkender", json={"expected_version": version}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["release"]


def _row(dashboard: dict, kommune: str) -> dict:
    return next(row for row in dashboard["kommuner"] if row["kommune"] == kommune)


def test_thirteen_months_old_sites_are_overdue_and_bekraeft_uaendret_clears_them(
    server, make_submission
):
    today = today_in_denmark()
    old = shift_months(today, -13).isoformat()
    soon = (shift_months(today, -12) + timedelta(days=10)).isoformat()
    rows = [
        site_attributes(HVIDOVRE, navn="Gammelt areal A", sidst_bekraeftet=old),
        site_attributes(
            HVIDOVRE, navn="Gammelt areal B", sidst_bekraeftet=old, synlighed="myndigheder"
        ),
        site_attributes(HVIDOVRE, navn="Snart forfaldent", sidst_bekraeftet=soon),
        site_attributes(HVIDOVRE, navn="Nyligt bekræftet", sidst_bekraeftet=today.isoformat()),
    ]
    _release(server, make_submission, rows)

    board = server.get("/dashboard", "godkender").json()
    hvidovre = _row(board, HVIDOVRE)
    assert hvidovre["navn"] == "Hvidovre"
    assert (hvidovre["sites"], hvidovre["overdue"], hvidovre["due_soon"]) == (4, 2, 1)
    assert hvidovre["freshness"] == "forfalden"
    assert hvidovre["public"] == {
        "erhvervsareal": 3,
        "infrastruktur": 0,
        "industripark_kandidat": 0,
    }
    assert _row(board, KOEBENHAVN)["freshness"] == "ingen_udgivelse"
    assert board["totals"]["overdue"] == 2 and board["totals"]["with_release"] == 1
    assert len(board["kommuner"]) == 98  # Christiansø (0411) is in DAGI but no kommune

    listed = server.get(f"/kommuner/{HVIDOVRE}/forfaldne", "indsender_hvidovre").json()
    assert [(s["navn"], s["freshness"]) for s in listed["sites"]] == [
        ("Gammelt areal A", "forfalden"),
        ("Gammelt areal B", "forfalden"),
        ("Snart forfaldent", "snart_forfalden"),
    ]
    assert listed["sites"][0]["sidst_bekraeftet"] == old
    assert listed["sites"][0]["due"] == shift_months(date.fromisoformat(old), 12).isoformat()
    assert server.get(f"/kommuner/{HVIDOVRE}/forfaldne", "indsender_koebenhavn").status_code == 403
    assert server.get(f"/kommuner/{HVIDOVRE}/forfaldne", "admin").status_code == 200
    assert server.get("/dashboard", "indsender_hvidovre").status_code == 403

    chosen = [site["objekt_id"] for site in listed["sites"]]
    confirmation = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser", "indsender_hvidovre", json={"objekt_ids": chosen}
    )
    assert confirmation.status_code == 201, confirmation.text
    body = confirmation.json()
    assert (body["status"], body["kind"]) == ("til_godkendelse", "bekraeftelse")
    assert body["diff"]["counts"] == {"new": 0, "changed": 3, "deleted": 0, "unchanged": 1}
    assert {tuple(f["field"] for f in c["fields"]) for c in body["diff"]["changed"]} == {
        ("sidst_bekraeftet",)
    }
    assert all(not c["geometry_changed"] for c in body["diff"]["changed"])
    assert body["diff"]["public"] == {"published": 0, "withdrawn": 0, "changed": 2}

    approved = server.post(
        f"/submissions/{body['id']}/approve",
        "godkender",
        json={"expected_version": body["kommune_state"]["version"]},
    )
    assert approved.status_code == 200, approved.text
    assert server.get(f"/kommuner/{HVIDOVRE}/forfaldne", "godkender").json()["sites"] == []
    hvidovre = _row(server.get("/dashboard", "admin").json(), HVIDOVRE)
    assert (hvidovre["overdue"], hvidovre["due_soon"], hvidovre["freshness"]) == (0, 0, "aktuel")


def test_a_confirmation_names_what_it_cannot_confirm(server, make_submission):
    refused = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser", "indsender_hvidovre", json={"objekt_ids": ["x"]}
    )
    assert refused.status_code == 409 and "ingen udgivelse" in refused.json()["error"]["message_da"]
    _release(server, make_submission, [site_attributes(HVIDOVRE)])
    unknown = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser",
        "indsender_hvidovre",
        json={"objekt_ids": ["findes-ikke"]},
    )
    assert unknown.status_code == 400
    assert "findes-ikke" in unknown.json()["error"]["message_da"]
    empty = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser", "indsender_hvidovre", json={"objekt_ids": []}
    )
    assert empty.status_code == 400 and "objekt_ids" in empty.json()["error"]["message_en"]
    other = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser", "godkender", json={"objekt_ids": ["x"]}
    )
    assert other.status_code == 403


def test_a_confirmation_of_one_site_keeps_the_dates_of_the_others_whatever_their_form(
    server, make_submission
):
    """Dates read from a GeoPackage DATE column are stored with a time part; the confirmation's
    new date has none; both must reach the rulebook as dates."""
    old = shift_months(today_in_denmark(), -13)
    rows = [site_attributes(HVIDOVRE, navn=f"Areal {n}", sidst_bekraeftet=old) for n in range(3)]
    release = _release(server, make_submission, rows)
    stored = {
        row.attributes["sidst_bekraeftet"] for row in server.store.release_features(release["id"])
    }
    assert stored == {old.isoformat()} or all(value.startswith(old.isoformat()) for value in stored)
    answer = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser",
        "indsender_hvidovre",
        json={"objekt_ids": [rows[0]["objekt_id"]]},
    ).json()
    assert answer["status"] == "til_godkendelse", answer["report"]["findings"]
    assert answer["diff"]["counts"]["changed"] == 1


def test_the_release_listing_counts_changes_for_the_newest_releases_only(server, make_submission):
    from publisher.workflow import Workflow
    from publisher.workflow.desk import Desk

    for _ in range(3):
        _release(server, make_submission, [site_attributes(HVIDOVRE)])
    godkender = next(u for u in server.store.users() if u.name == "godkender")
    desk = Desk(Workflow(server.store, server.settings), history_diffs=2)
    releases = desk.release_history(godkender, HVIDOVRE)["releases"]
    assert [r["number"] for r in releases] == [3, 2, 1]
    assert releases[0]["changes"]["counts"] == {
        "new": 1,
        "changed": 0,
        "deleted": 1,
        "unchanged": 0,
    }
    assert releases[2]["changes"] is None and releases[2]["public_counts"] == {"erhvervsareal": 1}
    assert desk.release_changes(godkender, releases[2]["id"])["counts"]["new"] == 1
