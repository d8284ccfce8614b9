"""ERST's desk in real Chromium, on SQLite and PostGIS: the dashboard, a kommune's releases page
with rollback (preview, confirmation, second confirmation), and the readable diff of a queued
submission; axe-core finds no WCAG 2.1 A/AA violation on them at 1280 and 360 px."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from datamodel.freshness import shift_months
from publisher.workflow.desk import today_in_denmark
from publisher_support import HVIDOVRE, KOEBENHAVN, site_attributes
from review_support import WIDTHS, answer_dialog, axe_violations, log_in, new_page

pytestmark = pytest.mark.browser


def _approve(server, path) -> dict:
    submitted = server.submit("indsender_hvidovre", HVIDOVRE, path).json()
    answer = server.post(f"/submissions/{submitted['id']}/approve", "godkender", json={})
    assert answer.status_code == 200, answer.text
    return answer.json()["release"]


def _squares(make_submission, count):
    import pyogrio

    path, _ = make_submission(HVIDOVRE, count=count)
    return list(pyogrio.read_dataframe(path).geometry.values)


@pytest.fixture
def desk_state(review_server, make_submission):
    """Hvidovre with two releases (the second hides one site, deletes one and adds one; two of its
    sites are 13 months old), a waiting and a rejected submission from København."""
    server = review_server
    old = shift_months(today_in_denmark(), -13).isoformat()
    squares = _squares(make_submission, 4)
    first = [
        site_attributes(HVIDOVRE, navn="Avedøre Holme Syd", sidst_bekraeftet=old),
        site_attributes(HVIDOVRE, navn="Stamholmen", sidst_bekraeftet=old),
        site_attributes(HVIDOVRE, navn="Gammel grund"),
    ]
    path, _ = make_submission(HVIDOVRE, rows=first, geometries=squares[:3])
    release_1 = _approve(server, path)
    second = [
        first[0],
        {**first[1], "synlighed": "myndigheder"},
        site_attributes(HVIDOVRE, navn="Ny grund ved havnen"),
    ]
    path, _ = make_submission(
        HVIDOVRE, rows=second, geometries=[squares[0], squares[1], squares[3]]
    )
    release_2 = _approve(server, path)
    waiting, _ = make_submission(KOEBENHAVN, count=1)
    queued = server.submit("indsender_koebenhavn", KOEBENHAVN, waiting).json()
    refused, _ = make_submission(KOEBENHAVN, count=1)
    rejected = server.submit("indsender_koebenhavn", KOEBENHAVN, refused).json()
    server.post(f"/submissions/{rejected['id']}/reject", "godkender", json={"comment": "Forkert"})
    return server, {
        "release_1": release_1,
        "release_2": release_2,
        "queued": queued,
        "rejected": rejected,
        "first": first,
        "second": second,
    }


def _row_texts(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#kommuner tbody tr",
        """rows => rows.map(row =>
        [...row.children].map(cell => cell.textContent.trim()))""",
    )


def test_dashboard_shows_freshness_waiting_and_rejections_and_sorts_and_filters(
    desk_state, browser
):
    server, state = desk_state
    page = new_page(browser)
    log_in(page, server, "/godkend/overblik")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    rows = {row[0].split()[0]: row for row in _row_texts(page)}
    hvidovre = rows["Hvidovre"]
    assert hvidovre[1] == "Forfaldne arealer" and hvidovre[2] == "2"  # public or not
    assert hvidovre[4] == "2"  # public sites in the current release
    assert rows["København"][1] == "Ingen udgivelse" and rows["København"][8] == "1 venter"
    assert rows["København"][9].startswith("Afvist ")
    assert (
        page.get_attribute(
            f"#kommuner tr[data-kommune='{KOEBENHAVN}'] a[href^='/godkend/?kommune=']", "href"
        )
        == f"/godkend/?kommune={KOEBENHAVN}"
    )
    totals = page.text_content("#totals")
    assert "1 / 98" in totals and "1 kommune" in totals

    page.click("button[data-sort='overdue']")
    assert page.get_attribute("th:has(button[data-sort='overdue'])", "aria-sort") == "descending"
    assert _row_texts(page)[0][0].startswith("Hvidovre")
    page.select_option("#filter-show", "venter")
    assert [row[0].split()[0] for row in _row_texts(page)] == ["København"]
    page.select_option("#filter-show", "alle")
    page.fill("#filter-name", "hvid")
    assert [row[0].split()[0] for row in _row_texts(page)] == ["Hvidovre"]

    page.fill("#filter-name", "")
    page.click(f"#kommuner tr[data-kommune='{KOEBENHAVN}'] a[href^='/godkend/?kommune=']")
    page.wait_for_selector(f"button[data-submission='{state['queued']['id']}']")
    assert page.locator("#queue-list button").count() == 1
    assert page.text_content("#queue-title") == "Til godkendelse – København (0101)"
    page.goto(f"{server.url}/godkend/overblik")
    page.wait_for_selector("body[data-ready='true']")
    page.click("#language")
    assert page.text_content("h1") == "Overview of the municipalities"
    assert "Overdue sites" in page.text_content(f"#kommuner tr[data-kommune='{HVIDOVRE}']")
    assert page.errors == []
    assert server.get("/dashboard", "indsender_hvidovre").status_code == 403


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_and_releases_page_have_no_accessibility_violations(desk_state, browser, width):
    server, state = desk_state
    page = new_page(browser, width)
    log_in(page, server, "/godkend/overblik")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways page
    page.goto(f"{server.url}/godkend/kommuner/{HVIDOVRE}")
    page.wait_for_selector("body[data-ready='true']")
    page.click(f"button[data-rollback='{state['release_1']['id']}']")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("#rollback")
    page.wait_for_selector("dialog.confirm[open]")
    assert axe_violations(page) == []
    assert page.errors == []


def test_releases_page_rolls_back_after_a_preview_and_two_confirmations(desk_state, browser):
    server, state = desk_state
    page = new_page(browser)
    sent = []
    page.on(
        "request",
        lambda request: (
            sent.append(json.loads(request.post_data))
            if request.method == "POST" and request.url.endswith("/rollback")
            else None
        ),
    )
    log_in(page, server, f"/godkend/kommuner/{HVIDOVRE}")
    page.wait_for_selector("body[data-ready='true']")
    assert page.text_content("h1") == "Hvidovre (0167): udgivelser"
    assert page.locator("#releases tbody tr").count() == 2
    newest = page.locator(f"#releases tr[data-release='{state['release_2']['id']}']").text_content()
    assert "1 nye, 1 ændrede, 1 slettede" in newest and "(aktuel)" in newest
    assert page.locator("#audit tbody tr").count() == 5  # 2 × submitted and approved, the user

    page.click(f"button[data-changes='{state['release_2']['id']}']")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    assert page.text_content("#changes tr[data-kind='ny'] .object-name") == "Ny grund ved havnen"
    assert "Synlighed: Offentlig → Kun myndigheder" in page.text_content(
        "#changes tr[data-kind='aendret']"
    )

    page.click(f"button[data-rollback='{state['release_1']['id']}']")
    page.wait_for_selector("#rollback-form:not([hidden])")
    assert "Stamholmen" in page.text_content("[data-republished='hidden']")
    assert "Gammel grund" in page.text_content("[data-republished='deleted']")
    assert page.text_content("[data-count='slettet']").strip() == "Slettet: 1"  # Ny grund goes

    page.click("#rollback")
    assert "2 objekter bliver offentlige" in answer_dialog(page, confirm=True)
    second = answer_dialog(page, confirm=False)  # the second confirmation names what comes back
    assert "Stamholmen" in second and "Gammel grund" in second
    assert (
        sent == [] and server.store.kommune_state(HVIDOVRE).release_id == state["release_2"]["id"]
    )

    page.fill("#rollback-comment", "Fejl i nr. 2")
    page.click("#rollback")
    answer_dialog(page, confirm=True)
    answer_dialog(page, confirm=True)
    page.wait_for_selector("#result:has-text('Udgivelse nr. 1 er igen den aktuelle.')")
    current = server.store.kommune_state(HVIDOVRE)
    assert current.release_id == state["release_1"]["id"]
    assert sent == [
        {
            "release_id": state["release_1"]["id"],
            "expected_version": 2,
            "comment": "Fejl i nr. 2",
            "confirm_republish": True,
        }
    ]
    page.wait_for_selector("#audit tbody tr:first-child:has-text('Rullet tilbage')")
    assert page.errors == []


def test_the_queued_diff_reads_in_labels_zooms_and_groups_the_findings(
    desk_state, browser, make_submission
):
    server, state = desk_state
    current = state["second"]
    squares = _squares(make_submission, 6)
    tiny = squares[5].buffer(-27)  # a 6 m square: a few pixels at the kommune's zoom
    geometries = [
        server.store.release_frames(state["release_2"]["id"])["erhvervsareal"]
        .set_index("objekt_id")
        .geometry[row["objekt_id"]]
        for row in current[:2]
    ]
    rows = [
        {**current[0], "status": "reserveret"},
        current[1],
        site_attributes(
            HVIDOVRE,
            navn="Lille grund",
            ledigt_areal_m2=30.0,
            sidst_bekraeftet=(today_in_denmark() - timedelta(days=400)).isoformat(),
        ),
    ]
    path, _ = make_submission(HVIDOVRE, rows=rows, geometries=[*geometries, tiny])
    submitted = server.submit("indsender_hvidovre", HVIDOVRE, path).json()
    assert submitted["status"] == "til_godkendelse", submitted["report"]

    for width in WIDTHS:
        page = new_page(browser, width)
        log_in(page, server, f"/godkend/#indsendelse={submitted['id']}")
        page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
        assert (
            page.text_content("#detail-title")
            == f"Indsendelse #{submitted['id']} – Hvidovre (0167)"
        )
        assert page.locator("#facts dd").first.text_content() == "Til godkendelse"
        changed = page.text_content("#changes tr[data-kind='aendret']")
        assert "Status: Ledig → Reserveret" in changed
        new = page.text_content("#changes tr[data-kind='ny']")
        assert "Ledigt areal (m²)30" in new and "Generel anvendelseErhvervsområde" in new
        assert "Tilsluttet forsyningel" in new and "Tilslutning til" not in new  # one line
        deleted = page.text_content("#changes tr[data-kind='slettet']")
        assert "Ny grund ved havnen" in deleted and "SynlighedOffentlig" in deleted
        assert (
            "1 objekt bliver offentligt, 1 trækkes tilbage, 1 offentligt ændres"
            in page.text_content("#public-effect")
        )
        assert page.text_content("#findings [data-severity='advarsel'] h4").startswith("Advarsel (")
        assert "A12 Oplysninger ikke bekræftet i over 12 måneder (3)" in page.text_content(
            "#findings [data-rule='A12'] summary"
        )
        assert page.locator(".map-label").count() == 3
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.click("#changes tr[data-kind='ny'] button.zoom")
        page.wait_for_selector(".maplibregl-popup:has-text('Lille grund')")
        assert page.evaluate("() => document.body.dataset.popup") == rows[2]["objekt_id"]
        marker = page.evaluate("""() => {
            const canvas = document.querySelector('#map canvas').getBoundingClientRect();
            const hit = document.elementFromPoint(canvas.left + canvas.width / 2, canvas.top + canvas.height / 2);
            return hit && hit.tagName; }""")
        assert marker in ("CANVAS", "DIV", "SPAN")  # the map is there under the popup
        page.close()

    page = new_page(browser)
    log_in(page, server, f"/godkend/#indsendelse={submitted['id']}")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    page.click("#language")
    page.wait_for_selector("#detail-title:has-text('Submission')")
    assert "Status: Available → Reserved" in page.text_content("#changes tr[data-kind='aendret']")
    page.click("#language")
    page.wait_for_selector("#detail-title:has-text('Indsendelse')")
    page.click("#reject")
    assert "Det offentlige kort ændres ikke" in answer_dialog(page, confirm=False)
    page.click("#approve")
    said = answer_dialog(page, confirm=True)
    assert "1 objekt bliver offentligt" in said and "1 objekt trækkes tilbage" in said
    page.wait_for_selector("#result:has-text('Udgivelse nr. 3')")
    assert page.errors == []


def test_a_clean_report_says_no_findings_and_a_confirmation_is_marked(
    review_server, browser, make_submission
):
    from datamodel import DATAMODEL_VERSION
    from datamodel.findings import Report
    from datamodel.rules import RULESET_VERSION

    server = review_server
    path, rows = make_submission(HVIDOVRE, count=1)
    release = _approve(server, path)
    confirmation = server.post(
        f"/kommuner/{HVIDOVRE}/bekraeftelser",
        "indsender_hvidovre",
        json={"objekt_ids": [rows[0]["objekt_id"]]},
    ).json()
    page = new_page(browser)
    log_in(page, server, f"/godkend/#indsendelse={confirmation['id']}")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    assert "Bekræftelse uden ændringer" in page.text_content("#kind-note")
    assert "Sidst bekræftet:" in page.text_content("#changes tr[data-kind='aendret']")

    clean = Report(RULESET_VERSION, DATAMODEL_VERSION, HVIDOVRE, [], {"erhvervsareal": 1})
    stored = server.store.add_submission(
        kommunekode=HVIDOVRE,
        status="til_godkendelse",
        uploader="indsender_hvidovre",
        ruleset_version=RULESET_VERSION,
        report=clean.to_dict(),
        report_hash=clean.digest(),
        file_name="ren.gpkg",
        file_sha256="00",
        file_content=b"GPKG",
        features=server.store.release_features(release["id"]),
    )
    page.goto(f"{server.url}/godkend/#indsendelse={stored.id}")
    page.reload()
    page.wait_for_selector(f"#detail-title:has-text('#{stored.id}')")
    assert page.text_content("#findings").strip() == "Ingen fund"
    assert (
        page.text_content("#changes tbody").strip()
        == "Ingen objekter er nye, ændrede eller slettede."
    )
    assert page.errors == []
