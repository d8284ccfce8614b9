"""GET /submissions and GET /audit page by page: newest first, `next` links to follow, stable
while new rows arrive, the filters and the caller's rights kept on every page (both backends)."""

from __future__ import annotations

import requests

from publisher_support import HVIDOVRE, KOEBENHAVN, add_stored_submission


def _follow(server, who: str, first: str, key: str) -> list[list[dict]]:
    pages, answer = [], server.get(first, who)
    while True:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        pages.append(body[key])
        if body["next"] is None:
            return pages
        assert body["next"].startswith(server.api(first.split("?")[0]) + "?")
        answer = _get_url(server, who, body["next"])


def _get_url(server, who: str, url: str):
    return requests.get(url, headers=server.headers(who), timeout=60)


def test_submissions_come_page_by_page_with_next_links(server):
    hvidovre = [
        add_stored_submission(
            server.store, HVIDOVRE, "godkendt" if i % 3 == 0 else "til_godkendelse"
        )
        for i in range(7)
    ]
    koebenhavn = [add_stored_submission(server.store, KOEBENHAVN) for _ in range(3)]

    pages = _follow(server, "godkender", "/submissions?limit=3", "submissions")
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    assert [s["id"] for page in pages for s in page] == sorted(hvidovre + koebenhavn, reverse=True)
    assert all("report" not in s for page in pages for s in page)

    pages = _follow(
        server,
        "godkender",
        f"/submissions?kommune={HVIDOVRE}&status=til_godkendelse&limit=2",
        "submissions",
    )
    expected = [i for n, i in enumerate(hvidovre) if n % 3][::-1]
    assert [s["id"] for page in pages for s in page] == expected
    assert {(s["kommune"], s["status"]) for page in pages for s in page} == {
        (HVIDOVRE, "til_godkendelse")
    }


def test_the_plain_listing_keeps_its_shape_with_a_default_page(server):
    ids = [add_stored_submission(server.store, HVIDOVRE) for _ in range(3)]
    body = server.get(f"/submissions?kommune={HVIDOVRE}", "indsender_hvidovre").json()
    assert [s["id"] for s in body["submissions"]] == ids[::-1]
    assert body["limit"] == 100 and body["next"] is None


def test_a_new_submission_does_not_shift_the_following_pages(server):
    first_ids = [add_stored_submission(server.store, HVIDOVRE) for _ in range(4)]
    first = server.get("/submissions?limit=2", "godkender").json()
    newer = add_stored_submission(server.store, HVIDOVRE)
    rest = _get_url(server, "godkender", first["next"]).json()
    seen = [s["id"] for s in first["submissions"] + rest["submissions"]]
    assert seen == first_ids[::-1] and newer not in seen
    assert server.get("/submissions?limit=2", "godkender").json()["submissions"][0]["id"] == newer


def test_an_indsender_pages_only_through_its_own_kommune(server):
    own = [add_stored_submission(server.store, HVIDOVRE) for _ in range(3)]
    add_stored_submission(server.store, KOEBENHAVN)
    pages = _follow(server, "indsender_hvidovre", "/submissions?limit=1", "submissions")
    assert [s["id"] for page in pages for s in page] == own[::-1]
    other = server.get(f"/submissions?kommune={KOEBENHAVN}&limit=1", "indsender_hvidovre")
    assert other.status_code == 403


def test_bad_paging_parameters_get_a_clear_400(server):
    for query, fragment in (
        ("limit=0", "limit"),
        ("limit=1001", "1000"),
        ("limit=tre", "limit"),
        ("before=-1", "before"),
        ("before=abc", "before"),
    ):
        answer = server.get(f"/submissions?{query}", "godkender")
        assert answer.status_code == 400, query
        error = answer.json()["error"]
        assert fragment in error["message_da"] and fragment in error["message_en"], error
    assert server.get("/audit?limit=5001", "godkender").status_code == 400
    assert server.get("/audit?limit=5000", "godkender").status_code == 200


def test_the_audit_log_pages_past_any_cap(server):
    for _ in range(6):
        add_stored_submission(server.store, HVIDOVRE)
    everything = [e.id for e in server.store.audit_log(limit=10_000)]
    assert len(everything) > 10
    pages = _follow(server, "admin", "/audit?limit=4", "entries")
    assert [e["id"] for page in pages for e in page] == everything
    assert all(len(page) == 4 for page in pages[:-1])

    pages = _follow(server, "godkender", f"/audit?kommune={HVIDOVRE}&limit=5", "entries")
    entries = [e for page in pages for e in page]
    assert [e["id"] for e in entries] == [e.id for e in server.store.audit_log(HVIDOVRE, 10_000)]
    assert {e["kommune"] for e in entries} == {HVIDOVRE}
    assert [e["action"] for e in entries].count("indsendt") == 6
    assert server.get("/audit", "godkender").json()["limit"] == 500


def test_openapi_documents_the_paging(server):
    paths = server.get("/openapi.json").json()["paths"]
    for path, maximum in (("/api/v1/submissions", 1000), ("/api/v1/audit", 5000)):
        parameters = {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}
        assert parameters["limit"]["maximum"] == maximum and "before" in parameters
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        page = server.get("/openapi.json").json()["components"]["schemas"][
            schema["$ref"].rsplit("/", 1)[1]
        ]
        assert {"type": "null"} in page["properties"]["next"]["anyOf"]
