// The map of a diff: every object coloured by its change, a marker on each new, changed or
// deleted object so that small ones stay visible at any zoom, name labels, a popup on click, and
// zoom-to from the table. MapLibre from the local node_modules; popups and labels are DOM text.
import * as maplibregl from "/godkend/vendor/maplibre-gl.mjs";
import { el } from "./dom.js";
import { session, t } from "./session.js";

export const MAX_LABELS = 60;
// More changed objects than this get markers and popups but no name labels (they would cover
// the map); the table lists them all.
const LABEL_MIN_ZOOM = 9;
const COLOURS = ["match", ["get", "aendring"], "ny", "#1a7f37", "aendret", "#b35900", "slettet", "#c62828", "#767676"];
const CHANGED = ["in", ["get", "aendring"], ["literal", ["ny", "aendret", "slettet"]]];
const OBJECTS = ["!=", ["get", "aendring"], "kommunegraense"];

function bboxOf(geometry) {
  let box = null;
  const visit = (coordinates) => {
    if (typeof coordinates[0] === "number") {
      const [x, y] = coordinates;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    } else coordinates.forEach(visit);
  };
  if (geometry) visit(geometry.coordinates);
  return box;
}

function union(boxes) {
  const valid = boxes.filter(Boolean);
  if (!valid.length) return null;
  return [Math.min(...valid.map((b) => b[0])), Math.min(...valid.map((b) => b[1])),
          Math.max(...valid.map((b) => b[2])), Math.max(...valid.map((b) => b[3]))];
}

export class DiffMap {
  constructor(container) {
    this.container = container;
    this.map = null;
    this.labels = [];
    this.boxes = new Map();
    this.details = new Map();
    this.popup = null;
  }

  // `geojson` from the API's …/map; `details` maps objekt_id → {kind, item} for the popups.
  async show(geojson, details) {
    this.details = details;
    const objects = geojson.features.filter((f) => f.properties.aendring !== "kommunegraense");
    this.boxes = new Map(objects.map((f) => [f.properties.objekt_id, bboxOf(f.geometry)]));
    const markers = { type: "FeatureCollection", features: objects
      .filter((f) => f.properties.aendring !== "uaendret" && this.boxes.get(f.properties.objekt_id))
      .map((f) => { const b = this.boxes.get(f.properties.objekt_id);
        return { type: "Feature", properties: f.properties, geometry: { type: "Point", coordinates: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] } }; }) };
    if (!this.map) await this.create(geojson, markers);
    else {
      this.map.getSource("diff").setData(geojson);
      this.map.getSource("markers").setData(markers);
    }
    this.popup?.remove();
    this.map.resize();
    this.placeLabels(markers.features);
    const changed = markers.features.map((f) => this.boxes.get(f.properties.objekt_id));
    const bounds = union(changed.length ? changed : geojson.features.map((f) => bboxOf(f.geometry)));
    if (bounds) this.map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]], { padding: 50, duration: 0, maxZoom: 16 });
    document.body.dataset.mapFeatures = String(objects.length);
  }

  create(geojson, markers) {
    this.map = new maplibregl.Map({ container: this.container, attributionControl: false, style: {
      version: 8, sources: { diff: { type: "geojson", data: geojson }, markers: { type: "geojson", data: markers } },
      layers: [
        { id: "baggrund", type: "background", paint: { "background-color": "#f4f1ea" } },
        { id: "kommune", type: "line", source: "diff", filter: ["==", ["get", "aendring"], "kommunegraense"],
          paint: { "line-color": "#0b3d5c", "line-width": 2 } },
        { id: "flader", type: "fill", source: "diff", filter: OBJECTS, paint: { "fill-color": COLOURS, "fill-opacity": 0.5 } },
        { id: "kanter", type: "line", source: "diff", filter: OBJECTS,
          paint: { "line-color": COLOURS, "line-width": ["case", CHANGED, 2.5, 1] } },
        { id: "punkter", type: "circle", source: "diff", filter: ["==", ["geometry-type"], "Point"],
          paint: { "circle-color": COLOURS, "circle-radius": 6, "circle-stroke-color": "#fff", "circle-stroke-width": 1 } },
        { id: "markoerer", type: "circle", source: "markers",
          paint: { "circle-color": COLOURS, "circle-radius": ["interpolate", ["linear"], ["zoom"], 8, 7, 16, 5],
                   "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } },
      ] } });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    // The map is made while its panel may still be laid out (or hidden): follow the box's size.
    new ResizeObserver(() => this.map.resize()).observe(this.container);
    for (const layer of ["flader", "punkter", "markoerer"]) {
      this.map.on("click", layer, (event) => this.openPopup(event.features[0].properties.objekt_id, event.lngLat));
      this.map.on("mouseenter", layer, () => { this.map.getCanvas().style.cursor = "pointer"; });
      this.map.on("mouseleave", layer, () => { this.map.getCanvas().style.cursor = ""; });
    }
    this.map.on("zoom", () => this.toggleLabels());
    return new Promise((resolve) => this.map.once("load", () => { document.body.dataset.mapLoaded = "true"; resolve(); }));
  }

  placeLabels(features) {
    for (const marker of this.labels) marker.remove();
    this.labels = [];
    if (features.length > MAX_LABELS) return;
    for (const feature of features) {
      const { navn, objekt_id: id, aendring } = feature.properties;
      const label = el("span", { class: `map-label ${aendring}`, text: navn || id, "aria-hidden": "true" });
      this.labels.push(new maplibregl.Marker({ element: label, anchor: "bottom", offset: [0, -9] })
        .setLngLat(feature.geometry.coordinates).addTo(this.map));
    }
    this.toggleLabels();
  }

  toggleLabels() {
    const visible = this.map.getZoom() >= LABEL_MIN_ZOOM;
    for (const marker of this.labels) marker.getElement().hidden = !visible;
  }

  openPopup(objektId, lngLat) {
    const entry = this.details.get(objektId);
    if (!entry) return;
    const { kind, item } = entry;
    const labels = session.labels;
    const content = el("div", { class: "popup" },
      el("strong", { text: item.navn || item.objekt_id }),
      el("p", { text: `${t(kind)} · ${labels.layer(item.layer)}` }));
    const lines = kind === "aendret"
      ? (item.fields || []).map((c) => `${labels.field(item.layer, c.field)}: ${labels.value(item.layer, c.field, c.old)} → ${labels.value(item.layer, c.field, c.new)}`)
      : labels.readable(item.layer, item.attributes || {}).slice(0, 8).map(([label, text]) => `${label}: ${text}`);
    if (item.geometry_changed) lines.push(t("geometry"));
    if (lines.length) content.append(el("ul", {}, ...lines.map((line) => el("li", { text: line }))));
    this.popup?.remove();
    this.popup = new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(lngLat).setDOMContent(content).addTo(this.map);
    document.body.dataset.popup = objektId;
  }

  zoomTo(objektId) {
    const box = this.boxes.get(objektId);
    if (!box) return;
    this.map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 80, duration: 0, maxZoom: 17 });
    this.openPopup(objektId, { lng: (box[0] + box[2]) / 2, lat: (box[1] + box[3]) / 2 });
    this.container.scrollIntoView?.({ block: "nearest" });
  }
}

// objekt_id → {kind, item} of a diff, for the popups.
export function detailsOf(diff) {
  const entries = [["new", "ny"], ["changed", "aendret"], ["deleted", "slettet"], ["unchanged", "uaendret"]]
    .flatMap(([key, kind]) => (diff[key] || []).map((item) => [item.objekt_id, { kind, item }]));
  return new Map(entries);
}
