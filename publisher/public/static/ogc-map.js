// The small map on the OGC API's HTML pages: the features of the page (embedded as GeoJSON in
// CRS84) drawn over the public map's own basemap (kommune boundaries, or the configured raster
// basemap), with MapLibre and PMTiles served by the publisher itself.
import * as maplibregl from "/kort/vendor/maplibre-gl/maplibre-gl.mjs";

const ACCENT = "#0b4f9c";
const container = document.getElementById("ogc-map");
const features = JSON.parse(document.getElementById("ogc-features").textContent);

function bounds(collection) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coordinates) => {
    if (typeof coordinates[0] === "number") {
      box[0] = Math.min(box[0], coordinates[0]); box[1] = Math.min(box[1], coordinates[1]);
      box[2] = Math.max(box[2], coordinates[0]); box[3] = Math.max(box[3], coordinates[1]);
    } else coordinates.forEach(visit);
  };
  for (const feature of collection.features) if (feature.geometry) visit(feature.geometry.coordinates);
  return Number.isFinite(box[0]) ? box : [8.0, 54.5, 15.3, 57.8];
}

// The public map's basemap only: its background, land, raster basemap and kommune boundaries.
async function basemapStyle() {
  const empty = { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": "#f4f1ea" } }] };
  try {
    const config = await (await fetch("/kort/config.json")).json();
    if (!config.data) return empty;
    const base = new URL(config.data, location.href).href;
    const style = await (await fetch(base + "style.json")).json();
    const protocol = new pmtiles.Protocol();
    maplibregl.addProtocol("pmtiles", protocol.tile);
    for (const source of Object.values(style.sources)) {
      if (source.url?.startsWith("pmtiles://")) source.url = "pmtiles://" + new URL(source.url.slice(10), base).href;
    }
    const keep = (layer) => !layer.source || layer.metadata?.["overblikskort:basemap"]
      || layer.metadata?.["overblikskort:layer"] === "kommunegraenser";
    style.layers = style.layers.filter(keep);
    const used = new Set(style.layers.map((layer) => layer.source).filter(Boolean));
    style.sources = Object.fromEntries(Object.entries(style.sources).filter(([name]) => used.has(name)));
    if (config.basemap?.tiles) {
      style.sources.basemap = { type: "raster", tiles: [config.basemap.tiles], tileSize: 256, attribution: config.basemap.attribution || "" };
      style.layers.splice(1, 0, { id: "basemap", type: "raster", source: "basemap" });
    }
    return style;
  } catch {
    return empty;
  }
}

const style = await basemapStyle();
style.sources.features = { type: "geojson", data: features };
style.layers.push(
  { id: "features-fill", type: "fill", source: "features", filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": ACCENT, "fill-opacity": 0.25 } },
  { id: "features-line", type: "line", source: "features", filter: ["!=", ["geometry-type"], "Point"], paint: { "line-color": ACCENT, "line-width": 2 } },
  { id: "features-point", type: "circle", source: "features", filter: ["==", ["geometry-type"], "Point"], paint: { "circle-color": ACCENT, "circle-radius": 6, "circle-stroke-color": "#fff", "circle-stroke-width": 2 } },
);
const box = bounds(features);
const map = new maplibregl.Map({
  container, style, bounds: [[box[0], box[1]], [box[2], box[3]]], fitBoundsOptions: { padding: 30, maxZoom: 15 },
  attributionControl: { compact: true }, locale: { "NavigationControl.ZoomIn": "Zoom ind", "NavigationControl.ZoomOut": "Zoom ud" },
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.once("idle", () => { container.dataset.ready = "true"; });
