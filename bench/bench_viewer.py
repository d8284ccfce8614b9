"""Benchmark of the public viewer (issue 5, item 6). Prints figures measured in one run.

Time from navigation start to MapLibre's first `idle` in the viewer against a bare MapLibre page
showing the same style and tiles from the same server (target <= 1.2), and the bytes transferred
for the first view (cold cache, requests finished by the first idle), by kind; then what the
viewer loads after that first view for its finder and list. Real Chromium (system binary), real HTTP on loopback.

    .venv/bin/python bench/bench_viewer.py [--sites 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from flask import Flask
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent))
from national_input import generated_sites, kommune_boundaries

from publisher.outputs import KommuneRelease, build_public
from publisher.public import PublicSettings, create_blueprint

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWER_READY = "() => window.overblikskort && window.overblikskort.ready"
VIEW = {"zoom": 6.6, "lat": 55.9, "lon": 11.0}
BARE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<link rel="stylesheet" href="/kort/vendor/maplibre-gl/maplibre-gl.css">
<style>html,body,#map{{margin:0;height:100%}}</style>
<script src="/kort/vendor/pmtiles/pmtiles.js"></script></head><body><div id="map"></div>
<script type="module">
import * as maplibregl from "/kort/vendor/maplibre-gl/maplibre-gl.mjs";
const config = await (await fetch("/kort/config.json")).json();
const base = new URL(config.data, location.href).href;
const style = await (await fetch(base + "style.json")).json();
for (const s of Object.values(style.sources)) s.url = "pmtiles://" + new URL(s.url.slice(10), base).href;
const protocol = new pmtiles.Protocol();
maplibregl.addProtocol("pmtiles", protocol.tile);
const map = new maplibregl.Map({{container: "map", style, center: [{lon}, {lat}], zoom: {zoom}}});
map.once("idle", () => performance.mark("overblikskort:map-idle"));
</script></body></html>""".format(**VIEW)


def bench_app(public_dir: Path) -> Flask:
    app = Flask("bench-viewer")
    app.register_blueprint(create_blueprint(PublicSettings(public_dir=public_dir)))
    app.add_url_rule("/bench/bare", "bare", lambda: BARE_PAGE)
    return app


def _kind(url: str) -> str:
    path = url.split("?")[0]
    name = path.rsplit("/", 1)[-1]
    if path.endswith(".pmtiles"):
        return "tiles"
    if "maplibre-gl" in path:
        return "maplibre"
    if name in ("finder.json", "sites.json", "search.json") or "/sites/" in path:
        return name.removesuffix(".json") if "/sites/" not in path else "site details"
    return "json" if path.endswith(".json") else "other"


def measure(
    browser, url: str, ready: str | None = None
) -> tuple[float, dict[str, int], dict[str, int]]:
    """Time to the first idle mark, the bytes of the requests finished by then (the first view),
    and the bytes of those finished after it (until `ready` holds, if given)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    finished = []

    def note(request):
        # Sizes are asked for after the page has loaded, so measuring does not slow the load.
        finished.append((request, time.time() * 1000))

    page.on("requestfinished", note)
    page.goto(url)
    page.wait_for_function(
        "() => performance.getEntriesByName('overblikskort:map-idle').length > 0",
        timeout=120_000,
        polling=50,
    )
    idle_ms, idle_epoch = page.evaluate("""() => {
        const mark = performance.getEntriesByName('overblikskort:map-idle')[0].startTime;
        return [mark, performance.timeOrigin + mark]; }""")
    if ready:
        page.wait_for_function(ready, timeout=120_000, polling=50)
    page.wait_for_timeout(300)
    first_view: dict[str, int] = defaultdict(int)
    later: dict[str, int] = defaultdict(int)
    for request, noted in finished:
        sizes, timing = request.sizes(), request.timing
        end = timing["startTime"] + timing["responseEnd"] if timing["responseEnd"] >= 0 else noted
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        (first_view if end <= idle_epoch else later)[_kind(request.url)] += size
    context.close()
    return idle_ms, dict(first_view), dict(later)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    boundaries = kommune_boundaries(98)
    per_kommune = -(-args.sites // len(boundaries))
    releases = {
        row.kommunekode: KommuneRelease(
            f"r1-{row.kommunekode}",
            {"erhvervsareal": generated_sites(row.geometry, row.kommunekode, per_kommune, i)},
        )
        for i, row in enumerate(boundaries.itertuples())
    }
    with tempfile.TemporaryDirectory(prefix="bench-viewer-") as tmp:
        public_dir = Path(tmp) / "public"
        build_public(releases, {"kommunegraenser": boundaries}, public_dir)
        server = make_server("127.0.0.1", 0, bench_app(public_dir), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        view = f"#map={VIEW['zoom']}/{VIEW['lat']}/{VIEW['lon']}"
        viewer_times, bare_times, viewer_bytes, bare_bytes, viewer_later = [], [], {}, {}, {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            measure(browser, f"{base}/bench/bare")  # warm the server and the OS file cache
            measure(browser, f"{base}/kort/{view}", VIEWER_READY)
            for run in range(args.runs):
                # Pairs alternate which page goes first, so a drift in machine load hits both alike.
                for page in ("bare", "viewer") if run % 2 == 0 else ("viewer", "bare"):
                    if page == "bare":
                        elapsed, bare_bytes, _ = measure(browser, f"{base}/bench/bare")
                        bare_times.append(elapsed)
                    else:
                        elapsed, viewer_bytes, viewer_later = measure(
                            browser, f"{base}/kort/{view}", VIEWER_READY
                        )
                        viewer_times.append(elapsed)
            browser.close()
        server.shutdown()
    viewer, bare = statistics.median(viewer_times), statistics.median(bare_times)
    print(
        f"input: {sum(len(r.layers['erhvervsareal']) for r in releases.values()):,} sites in 98 kommuner; "
        f"{args.runs} cold runs each, medians"
    )
    print(f"bare MapLibre page -> idle: {bare:7.0f} ms   runs {[round(t) for t in bare_times]}")
    print(
        f"Overblikskort viewer -> idle: {viewer:7.0f} ms   runs {[round(t) for t in viewer_times]}"
    )
    ratios = [v / b for v, b in zip(viewer_times, bare_times)]
    print(
        f"ratio viewer / bare: {viewer / bare:.2f}  (target <= 1.2; per run pair "
        f"{[round(r, 2) for r in ratios]})"
    )
    for label, sizes in (("viewer", viewer_bytes), ("bare", bare_bytes)):
        total = sum(sizes.values())
        parts = ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(sizes.items()))
        print(
            f"first view bytes, until idle ({label}; as transferred, gzip where the server offers it): "
            f"{total / 1024:.0f} KiB  ({parts})"
        )
    parts = ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(viewer_later.items()))
    print(
        f"viewer after its first view, until the finder is ready: "
        f"{sum(viewer_later.values()) / 1024:.0f} KiB  ({parts})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
