"""Driving the public viewer in a Playwright page: open it and wait for its map and its card."""

from __future__ import annotations

HVIDOVRE_VIEW = "#map=12.30/55.63500/12.46500"
READY = "() => window.overblikskort && window.overblikskort.ready && window.overblikskort.idle"


def open_viewer(page, server, suffix: str = "", *, settle: bool = True):
    tile_responses = []
    page.on(
        "response",
        lambda r: tile_responses.append((r.url, r.status)) if ".pmtiles" in r.url else None,
    )
    page.goto(f"{server.url}/kort/{suffix}")
    page.wait_for_function(READY, timeout=60_000)
    if settle:
        wait_idle(page)
    return tile_responses


def wait_idle(page):
    page.evaluate("""() => new Promise((resolve) => {
        const map = window.overblikskort.map;
        if (map.loaded() && map.areTilesLoaded()) { map.once('idle', resolve); map.triggerRepaint(); }
        else map.once('idle', resolve);
    })""")


def wait_card(page):
    """The card shows its full record once its kommune's file is in (aria-busy false)."""
    page.wait_for_selector('#card[aria-busy="false"]', state="visible", timeout=20_000)
