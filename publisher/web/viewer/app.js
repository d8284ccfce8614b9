// Overblikskort's public viewer: map, site finder with a synchronised list, site card, search,
// permalink, language switch and embed mode. Data come from the current build (config.json); the
// first view loads only what the map draws, the finder's data follow after its first frame.
import * as maplibregl from "/kort/vendor/maplibre-gl/maplibre-gl.mjs";
import { SiteData } from "./data.js";
import { getJson } from "./dom.js";
import { restartOnSupersededBuild, watchBuild } from "./freshness.js";
import { applyStaticTexts, currentLanguage, setLanguage, t } from "./i18n.js";
import { Labels, renderCard, renderDownloads, renderFilterForm, renderLayers, renderList, renderSearchResults } from "./render.js";
import { declaredFilters, fillForm, filtersFromForm, mapExpression, matches, readHash, writeHash } from "./state.js";

const PAGE_SIZE = 100;
const DEFAULT_VIEW = { zoom: 6, lat: 56.1, lon: 10.9 };
const SITE_FILTERED_LAYERS = ["erhvervsareal-fill", "erhvervsareal-outline", "erhvervsareal-outline-dashed", "erhvervsareal-punkt"];
const $ = (id) => document.getElementById(id);

const app = { filters: {}, filterSpecs: [], selected: null, limit: PAGE_SIZE, inView: false, visible: [], baseFilters: {} };
window.overblikskort = app;

function absoluteStyle(style, dataBase) {
  for (const source of Object.values(style.sources)) {
    if (source.url?.startsWith("pmtiles://")) source.url = "pmtiles://" + new URL(source.url.slice(10), dataBase).href;
  }
  return style;
}

function layerIdsOf(name) {
  return app.style.layers.filter((l) => l.metadata?.["overblikskort:layer"] === name).map((l) => l.id);
}

function applyLayerVisibility() {
  for (const entry of app.legend.layers) {
    const visibility = app.visible.includes(entry.layer) ? "visible" : "none";
    for (const id of layerIdsOf(entry.layer)) app.map.setLayoutProperty(id, "visibility", visibility);
  }
}

function applyMapFilter() {
  const expression = mapExpression(app.filterSpecs, app.filters);
  for (const id of SITE_FILTERED_LAYERS) {
    const base = app.baseFilters[id];
    const parts = [base, expression].filter(Boolean);
    app.map.setFilter(id, parts.length === 0 ? null : parts.length === 1 ? parts[0] : ["all", ...parts]);
  }
  app.map.setFilter("erhvervsareal-selected", ["==", ["get", "objekt_id"], app.selected ?? ""]);
}

function inViewport(site) {
  if (!app.inView) return true;
  const b = app.map.getBounds();
  return site.bbox[0] <= b.getEast() && site.bbox[2] >= b.getWest() && site.bbox[1] <= b.getNorth() && site.bbox[3] >= b.getSouth();
}

function refreshList() {
  const hits = app.sites.filter((site) => matches(app.filterSpecs, site, app.filters) && inViewport(site))
    .sort((a, b) => (b.ledigt_areal_m2 ?? 0) - (a.ledigt_areal_m2 ?? 0));
  app.matching = hits;
  renderList($("results"), hits, app.labels, { selected: app.selected, limit: app.limit, onOpen: (id) => openSite(id, { fly: true, focusCard: true }) });
  $("result-count").textContent = hits.length ? t("count", Math.min(hits.length, app.limit), hits.length) : t("none");
  $("more").hidden = hits.length <= app.limit;
}

function updateHash() {
  const center = app.map.getCenter();
  const hash = writeHash(app.filterSpecs, {
    view: { zoom: app.map.getZoom(), lat: center.lat, lon: center.lng }, layers: app.visible,
    filters: app.filters, site: app.selected, lang: currentLanguage(), inView: app.inView,
  });
  history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
  const src = `${location.origin}/kort/?embed=1${hash}`;
  $("embed-snippet").value = `<iframe src="${src}" title="${t("title")}" width="100%" height="600" style="border:0" loading="lazy"></iframe>`;
  $("open-full").href = `/kort/${hash}`;
}

function cardPadding() {
  const map = $("map").getBoundingClientRect();
  const card = $("card").getBoundingClientRect();
  return map.width > 700 ? { top: 40, bottom: 40, right: 40, left: Math.min(card.width + 40, map.width / 2) }
    : { top: 20, left: 20, right: 20, bottom: Math.min(card.height + 20, map.height / 2) };
}

// The card shows what the finder row knows at once and the full record once its kommune's file
// is in (aria-busy meanwhile).
async function showCard(site) {
  const card = $("card");
  const kommuneName = app.kommuneNames[site.kommunekode];
  card.setAttribute("aria-busy", "true");
  renderCard(card, site, app.labels, kommuneName, { loading: true });
  let details = null;
  try {
    details = await app.data.details(site);
  } catch (error) {
    console.error(error);
  }
  if (app.selected !== site.objekt_id) return;
  renderCard(card, details ?? site, app.labels, kommuneName, { failed: !details });
  card.setAttribute("aria-busy", "false");
}

function openSite(id, { fly = false, focusCard = false } = {}) {
  const site = app.siteById.get(id);
  if (!site) return;
  app.selected = id;
  showCard(site);
  $("card").hidden = false;
  applyMapFilter();
  refreshList();
  if (fly) app.map.fitBounds([[site.bbox[0], site.bbox[1]], [site.bbox[2], site.bbox[3]]], { maxZoom: 15, padding: cardPadding(), duration: 0 });
  updateHash();
  if (focusCard) $("card").focus();
}

function closeCard() {
  const id = app.selected;
  app.selected = null;
  $("card").hidden = true;
  applyMapFilter();
  refreshList();
  updateHash();
  $("results").querySelector(`button[data-id="${CSS.escape(id ?? "")}"]`)?.focus();
}

function searchResults(query, index) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const kommuner = index.kommuner.filter((k) => k.navn.toLowerCase().includes(q)).map((k) => ({ ...k, kind: "kommune" }));
  const sites = index.sites.filter((s) => (s.navn ?? "").toLowerCase().includes(q)).map((s) => ({ ...s, kind: "site" }));
  return [...kommuner, ...sites].slice(0, 8);
}

function chooseSearchResult(result) {
  $("search-results").hidden = true;
  if (result.kind === "kommune") {
    app.map.fitBounds([[result.bbox[0], result.bbox[1]], [result.bbox[2], result.bbox[3]]], { padding: 20, duration: 0 });
  } else if (app.siteById.has(result.objekt_id)) {
    openSite(result.objekt_id, { fly: true, focusCard: true });
  } else {
    app.map.fitBounds([[result.bbox[0], result.bbox[1]], [result.bbox[2], result.bbox[3]]], { maxZoom: 15, padding: 60, duration: 0 });
  }
}

function renderTexts() {
  applyStaticTexts();
  const form = $("filters");
  renderFilterForm($("filter-fields"), app.filterSpecs, app.labels, app.kommuneList);
  fillForm(app.filterSpecs, form, app.filters);
  $("f-view").checked = app.inView;
  renderLayers($("layer-list"), app.legend, app.visible, (name, on) => {
    app.visible = on ? [...app.visible, name] : app.visible.filter((n) => n !== name);
    applyLayerVisibility();
    updateHash();
  });
  renderDownloads($("downloads"), app.manifest, app.labels, app.dataBase);
  refreshList();
  const selected = app.siteById.get(app.selected);
  if (selected) showCard(selected);
}

function wireControls() {
  const form = $("filters");
  const onFilter = () => {
    app.filters = filtersFromForm(app.filterSpecs, form);
    app.inView = $("f-view").checked;
    app.limit = PAGE_SIZE;
    applyMapFilter();
    refreshList();
    updateHash();
  };
  form.addEventListener("input", onFilter);
  form.addEventListener("change", onFilter);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(onFilter));
  $("more").addEventListener("click", () => { app.limit += PAGE_SIZE; refreshList(); });
  $("card-close").addEventListener("click", closeCard);
  $("card").addEventListener("keydown", (event) => { if (event.key === "Escape") closeCard(); });
  $("language").addEventListener("click", () => {
    setLanguage(currentLanguage() === "da" ? "en" : "da");
    renderTexts();
    updateHash();
  });
  const search = $("search");
  // The search index loads on first use; every answer is for the text typed when it arrives.
  const runSearch = async () => {
    const index = await app.data.search();
    const results = searchResults(search.value, index);
    app.searchHits = results;
    renderSearchResults($("search-results"), results, chooseSearchResult);
    $("search-status").textContent = search.value ? t("searchCount", results.length) : "";
    return results;
  };
  search.addEventListener("focus", () => { app.data.search().catch(() => {}); });
  search.addEventListener("input", () => { runSearch().catch(() => { $("search-status").textContent = t("searchError"); }); });
  search.addEventListener("keydown", async (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const results = await runSearch().catch(() => []);
      if (results.length) chooseSearchResult(results[0]);
    }
    if (event.key === "ArrowDown") $("search-results").querySelector("button")?.focus();
    if (event.key === "Escape") $("search-results").hidden = true;
  });
  for (const layer of ["erhvervsareal-fill", "erhvervsareal-punkt"]) {
    app.map.on("click", layer, (event) => {
      const id = event.features?.[0]?.properties?.objekt_id;
      if (id) openSite(id);
    });
  }
  app.map.on("mouseenter", "erhvervsareal-fill", () => { app.map.getCanvas().style.cursor = "pointer"; });
  app.map.on("mouseleave", "erhvervsareal-fill", () => { app.map.getCanvas().style.cursor = ""; });
  app.map.on("moveend", () => { if (app.inView) refreshList(); updateHash(); });
}

function addBasemap(basemap) {
  if (!basemap?.tiles) return;
  app.map.addSource("basemap", { type: "raster", tiles: [basemap.tiles], tileSize: 256, attribution: basemap.attribution || "" });
  app.map.addLayer({ id: "basemap", type: "raster", source: "basemap" }, app.style.layers[1]?.id);
  if (app.map.getLayer("basemap-land")) app.map.setLayoutProperty("basemap-land", "visibility", "none");
}

// The permalink's layers and filters go into the style itself, so the first frame is already right.
function applyPermalinkToStyle(style, initial) {
  const expression = mapExpression(app.filterSpecs, initial.filters);
  for (const layer of style.layers) {
    const name = layer.metadata?.["overblikskort:layer"];
    if (initial.layers && name && !initial.layers.includes(name)) layer.layout = { ...layer.layout, visibility: "none" };
    if (expression && SITE_FILTERED_LAYERS.includes(layer.id)) layer.filter = layer.filter ? ["all", layer.filter, expression] : expression;
  }
}

async function start() {
  // MapLibre's workers start loading now, alongside config.json and style.json, not after them.
  maplibregl.prewarm();
  const params = new URLSearchParams(location.search);
  if (params.get("embed") === "1") document.body.classList.add("embed");
  setLanguage(new URLSearchParams(location.hash.replace(/^#/, "")).get("lang"));
  applyStaticTexts();
  const config = await getJson("/kort/config.json");
  if (!config.data) { $("result-count").textContent = t("noData"); return; }
  app.checkBuild = watchBuild(config.build, $("new-data"));
  app.dataBase = new URL(config.data, location.href).href;
  app.data = new SiteData(app.dataBase);
  const load = (name) => app.data.load(name);
  app.style = absoluteStyle(await load("style.json"), app.dataBase);
  app.filterSpecs = declaredFilters(app.style.metadata?.["overblikskort:filters"]);
  const initial = readHash(app.filterSpecs, location.hash);
  for (const id of SITE_FILTERED_LAYERS) app.baseFilters[id] = app.style.layers.find((l) => l.id === id)?.filter ?? null;
  applyPermalinkToStyle(app.style, initial);

  const protocol = new pmtiles.Protocol();
  maplibregl.addProtocol("pmtiles", protocol.tile);
  // Each archive's header and root directory are fetched while the map sets itself up.
  for (const source of Object.values(app.style.sources)) {
    if (!source.url?.startsWith("pmtiles://")) continue;
    const archive = new pmtiles.PMTiles(source.url.slice(10));
    protocol.add(archive);
    archive.getHeader().catch(() => {});
  }
  const bounds = app.style.metadata?.["overblikskort:bounds"];
  const view = initial.view ?? DEFAULT_VIEW;
  const camera = initial.view || !bounds ? { center: [view.lon, view.lat], zoom: view.zoom }
    : { bounds: [[bounds[0], bounds[1]], [bounds[2], bounds[3]]], fitBoundsOptions: { padding: 20 } };
  app.map = new maplibregl.Map({
    container: "map", style: app.style, ...camera, minZoom: 4, maxZoom: 18,
    attributionControl: { compact: true, customAttribution: "Data: kommunerne, Erhvervsstyrelsen; kommunegrænser: DAGI" },
    cooperativeGestures: document.body.classList.contains("embed"),
  });
  const loaded = new Promise((resolve) => app.map.once("load", resolve));
  app.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  app.map.once("idle", () => { performance.mark("overblikskort:map-idle"); app.idle = true; });
  app.map.on("error", (event) => { app.lastError = String(event.error?.message ?? event.error); app.checkBuild(); });

  const firstFrame = Promise.race([new Promise((resolve) => app.map.once("idle", resolve)),
    new Promise((resolve) => setTimeout(resolve, 5000))]);
  await firstFrame;
  const [legend, labels, manifest, sites] = await Promise.all(
    [load("legend.json"), load("labels.json"), load("manifest.json"), app.data.finderSites()]);
  Object.assign(app, { legend, labels: new Labels(labels), sites, manifest });
  app.siteById = new Map(sites.map((s) => [s.objekt_id, s]));
  app.kommuneNames = manifest.kommuner || {};
  app.kommuneList = Object.entries(app.kommuneNames).map(([kommunekode, navn]) => ({ kommunekode, navn }))
    .sort((a, b) => a.navn.localeCompare(b.navn, "da"));
  app.filters = initial.filters;
  app.inView = initial.inView;
  app.visible = initial.layers ?? legend.layers.map((l) => l.layer);
  await loaded;
  addBasemap(config.basemap);
  applyLayerVisibility();
  wireControls();
  renderTexts();
  applyMapFilter();
  if (initial.site && app.siteById.has(initial.site)) openSite(initial.site, { fly: !initial.view });
  updateHash();
  app.ready = true;
  sessionStorage.removeItem("overblikskort.restarted");
  performance.mark("overblikskort:ready");
}

start().catch((error) => {
  if (restartOnSupersededBuild(error)) return;
  app.failed = String(error);
  $("result-count").textContent = t("mapError");
  console.error(error);
});
