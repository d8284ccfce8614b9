// Overblikskort's public viewer: map, site finder with a synchronised list, site card, search,
// permalink, language switch, phone tabs and embed mode. Data come from the current build
// (config.json); the first view loads only what the map draws, the finder's data follow after its
// first frame. The parts live in their own modules: finder.js (list), card.js (card),
// search.js (search box), layout.js (tabs, embed height), state.js (filters, permalink).
import * as maplibregl from "/kort/vendor/maplibre-gl/maplibre-gl.mjs";
import { renderCard, sharePermalink } from "./card.js";
import { attributions, defaultVisible, renderNextSteps, renderSurroundings } from "./context.js";
import { addBasemap } from "./basemap.js";
import { SiteData } from "./data.js";
import { getJson } from "./dom.js";
import { DISTANCE, SiteList, filterKey, sortOrders } from "./finder.js";
import { restartOnSupersededBuild, watchBuild } from "./freshness.js";
import { applyStaticTexts, currentLanguage, mapLocale, setLanguage, t } from "./i18n.js";
import { HEIGHT_MESSAGE, Tabs, reportHeight } from "./layout.js";
import { LAYER_IDS as MATCH_LAYERS, installMatches, shownSiteIds, updateMatches } from "./matches.js";
import { Labels, renderDownloads, renderFilterForm, renderLayers } from "./render.js";
import { SearchBox } from "./search.js";
import { declaredFilters, fillForm, filtersFromForm, mapExpression, matches, readHash, writeHash } from "./state.js";

const DEFAULT_VIEW = { zoom: 6, lat: 56.1, lon: 10.9 };
const SITE_FILTERED_LAYERS = ["erhvervsareal-fill", "erhvervsareal-outline", "erhvervsareal-outline-dashed", "erhvervsareal-punkt"];
const PLANNED_LAYER = "planlagte_erhvervsomraader";
const $ = (id) => document.getElementById(id);

const app = { filters: {}, filterSpecs: [], selected: null, inView: false, visible: [], baseFilters: {}, sort: null };
window.overblikskort = app;

function absoluteStyle(style, dataBase) {
  for (const source of Object.values(style.sources)) {
    if (source.url?.startsWith("pmtiles://")) source.url = "pmtiles://" + new URL(source.url.slice(10), dataBase).href;
  }
  return style;
}

function applyLayerVisibility() {
  for (const entry of app.legend.layers) {
    const visibility = app.visible.includes(entry.layer) ? "visible" : "none";
    for (const layer of app.style.layers.filter((l) => l.metadata?.["overblikskort:layer"] === entry.layer)) {
      app.map.setLayoutProperty(layer.id, "visibility", visibility);
    }
  }
  for (const box of document.querySelectorAll(`input[value="${PLANNED_LAYER}"], #f-planned`)) box.checked = app.visible.includes(PLANNED_LAYER);
  $("f-planned").closest(".field").hidden = !app.legend.layers.some((l) => l.layer === PLANNED_LAYER);
  updateAttribution();
}

// The attribution names the sources of the layers shown (and the basemap's).
function updateAttribution() {
  const texts = attributions(app.legend, app.visible, app.config.basemap, app.manifest.sources);
  if (app.attribution) app.map.removeControl(app.attribution);
  app.attribution = new maplibregl.AttributionControl({ compact: true, customAttribution: texts });
  app.map.addControl(app.attribution, "bottom-right");
  // On a phone the expanded attribution would cover the map; it opens with its (i) button.
  if (app.map.getContainer().clientWidth < 640) {
    app.map.getContainer().querySelector(".maplibregl-compact-show")?.classList.remove("maplibregl-compact-show");
  }
}

function setLayerVisible(name, on) {
  app.visible = on ? [...new Set([...app.visible, name])] : app.visible.filter((n) => n !== name);
  applyLayerVisibility();
  updateHash();
}

function applyMapFilter() {
  const expression = mapExpression(app.filterSpecs, app.filters);
  for (const id of SITE_FILTERED_LAYERS) {
    const parts = [app.baseFilters[id], expression].filter(Boolean);
    app.map.setFilter(id, parts.length === 0 ? null : parts.length === 1 ? parts[0] : ["all", ...parts]);
  }
  app.map.setFilter("erhvervsareal-selected", ["==", ["get", "objekt_id"], app.selected ?? ""]);
  if (app.sites) updateMatches(app.map, app.sites.filter((site) => matches(app.filterSpecs, site, app.filters)));
}

function inViewport(site) {
  if (!app.inView) return true;
  const b = app.map.getBounds();
  return site.bbox[0] <= b.getEast() && site.bbox[2] >= b.getWest() && site.bbox[1] <= b.getNorth() && site.bbox[3] >= b.getSouth();
}

function currentOrder() {
  return app.sortOrders.find((order) => order.key === app.sort) ?? app.sortOrders[0];
}

function refreshList() {
  const hits = app.sites.filter((site) => matches(app.filterSpecs, site, app.filters) && inViewport(site));
  app.matching = app.list.render(hits, { order: currentOrder(), centre: app.map.getCenter(), labels: app.labels,
    kommuneNames: app.kommuneNames, selected: app.selected });
  $("tab-liste").textContent = `${t("tabList")} (${hits.length})`;
}

function hash() {
  const center = app.map.getCenter();
  const sort = app.sort && app.sort !== app.sortOrders[0].key ? app.sort : null;
  return writeHash(app.filterSpecs, {
    view: { zoom: app.map.getZoom(), lat: center.lat, lon: center.lng }, layers: app.visible,
    filters: app.filters, site: app.selected, lang: currentLanguage(), inView: app.inView, sort,
  });
}

function embedSnippet(current) {
  const src = `${location.origin}/kort/?embed=1${current}`.replace(/&/g, "&amp;");
  return `<iframe id="overblikskort" src="${src}" title="${t("title")}" style="width:100%;height:640px;border:0" loading="lazy"></iframe>\n`
    + `<script>\naddEventListener("message", (event) => {\n  if (event.origin === "${location.origin}" && event.data && event.data.type === "${HEIGHT_MESSAGE}")\n`
    + `    document.getElementById("overblikskort").style.height = event.data.height + "px";\n});\n</script>`;
}

function updateHash() {
  const current = hash();
  history.replaceState(null, "", `${location.pathname}${location.search}${current}`);
  $("embed-snippet").value = embedSnippet(current);
  $("open-full").href = `/kort/${current}`;
}

// Room for the card when the map flies to a site: beside it on a wide map, above it on a phone,
// where the card may grow to CARD_SHARE of the map once the full record is in.
const CARD_SHARE = 0.72;

function cardPadding() {
  const map = $("map").getBoundingClientRect();
  const card = $("card").getBoundingClientRect();
  return map.width > 700 ? { top: 40, bottom: 40, right: 40, left: Math.min(card.width + 40, map.width / 2) }
    : { top: 16, left: 20, right: 20, bottom: Math.min(map.height * CARD_SHARE + 8, map.height - 96) };
}

// The card shows what the finder row knows at once and the full record once its kommune's file
// is in (aria-busy meanwhile).
async function showCard(site) {
  const card = $("card");
  const kommuneName = app.kommuneNames[site.kommunekode];
  card.setAttribute("aria-busy", "true");
  $("card-context").hidden = true;
  $("card-steps").hidden = true;
  renderCard(card, site, app.labels, kommuneName, { loading: true });
  let details = null;
  try {
    details = await app.data.details(site);
  } catch (error) {
    console.error(error);
    app.checkBuild?.();
  }
  if (app.selected !== site.objekt_id) return;
  renderCard(card, details ?? site, app.labels, kommuneName, { failed: !details });
  renderSurroundings($("card-context"), details, app.labels, app.manifest.sources);
  const guidance = details?.naeste_skridt?.length ? await app.data.load("guidance.json").catch(() => null) : null;
  if (app.selected !== site.objekt_id) return;
  renderNextSteps($("card-steps"), details, guidance);
  card.setAttribute("aria-busy", "false");
}

function openSite(id, { fly = false, focusCard = false } = {}) {
  const site = app.siteById.get(id);
  if (!site) return;
  app.selected = id;
  $("share-status").textContent = "";
  $("share-link").hidden = true;
  app.tabs.show("kort", { focus: false });
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

function showNotice(text) {
  $("notice-text").textContent = text;
  $("notice").hidden = false;
}

function applyFilters({ force = false } = {}) {
  const filters = filtersFromForm(app.filterSpecs, $("filters"));
  const inView = $("f-view").checked;
  const key = filterKey(filters, inView);
  if (!force && key === app.filterKey) return;
  Object.assign(app, { filters, inView, filterKey: key });
  app.list.resetPaging();
  applyMapFilter();
  refreshList();
  updateHash();
}

// A kommune chosen in the search filters the list and the map to it, as the kommune filter does.
function chooseSearchResult(result) {
  const fit = (bbox, options) => app.map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { duration: 0, ...options });
  if (result.kind === "kommune") {
    const spec = app.filterSpecs.find((s) => s.fields.some((f) => f.name === "kommunekode"));
    if (spec) {
      app.filters = { ...app.filters, [spec.key]: result.kommunekode };
      fillForm(app.filterSpecs, $("filters"), app.filters);
      applyFilters({ force: true });
    }
    fit(result.bbox, { padding: 20 });
  } else if (app.siteById.has(result.objekt_id)) {
    openSite(result.objekt_id, { fly: true, focusCard: true });
  } else {
    fit(result.bbox, { maxZoom: 15, padding: 60 });
  }
}

// MapLibre reads its control texts from its locale table when a control is made: the table is
// switched and the controls made again.
function applyMapLocale() {
  Object.assign(app.map._locale, mapLocale());
  for (const control of [app.navigation, app.attribution].filter(Boolean)) app.map.removeControl(control);
  app.attribution = null;
  app.navigation = new maplibregl.NavigationControl({ showCompass: false });
  app.map.addControl(app.navigation, "top-right");
  if (app.legend && app.manifest) updateAttribution();
  app.map.getCanvas().setAttribute("aria-label", mapLocale()["Map.Title"]);
  if (app.map.cooperativeGestures.isEnabled()) { app.map.cooperativeGestures.disable(); app.map.cooperativeGestures.enable(); }
}

function renderTexts() {
  applyStaticTexts();
  renderFilterForm($("filter-fields"), app.filterSpecs, app.labels, app.kommuneList);
  fillForm(app.filterSpecs, $("filters"), app.filters);
  $("f-view").checked = app.inView;
  app.list.renderSortOptions(app.sortOrders, currentOrder().key);
  renderLayers($("layer-list"), app.legend, app.visible, setLayerVisible, app.map.getZoom());
  applyLayerVisibility();
  renderDownloads($("downloads"), app.manifest, app.labels, app.dataBase);
  app.search.relabel();
  refreshList();
  const selected = app.siteById.get(app.selected);
  if (selected) showCard(selected);
}

function wireControls() {
  const form = $("filters");
  form.addEventListener("input", () => applyFilters());
  form.addEventListener("change", () => applyFilters());
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => applyFilters()));
  $("sort").addEventListener("change", () => { app.sort = $("sort").value; refreshList(); updateHash(); });
  $("card-close").addEventListener("click", closeCard);
  $("card-share").addEventListener("click", () => sharePermalink(`${location.origin}/kort/${hash()}`, $("share-status"), $("share-link")));
  $("card").addEventListener("keydown", (event) => { if (event.key === "Escape") closeCard(); });
  $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
  $("language").addEventListener("click", () => {
    setLanguage(currentLanguage() === "da" ? "en" : "da");
    applyMapLocale();
    renderTexts();
    updateHash();
  });
  for (const layer of ["erhvervsareal-fill", "erhvervsareal-punkt", "fund-punkter"]) {
    app.map.on("click", layer, (event) => {
      const id = event.features?.[0]?.properties?.objekt_id;
      if (id) openSite(id);
    });
  }
  app.map.on("click", "fund-klynger", async (event) => {
    const cluster = event.features?.[0];
    if (!cluster) return;
    const zoom = await app.map.getSource("fund").getClusterExpansionZoom(cluster.properties.cluster_id);
    app.map.easeTo({ center: cluster.geometry.coordinates, zoom, duration: 0 });
  });
  $("f-planned").addEventListener("change", (event) => setLayerVisible(PLANNED_LAYER, event.target.checked));
  app.map.on("zoomend", () => {
    for (const hint of document.querySelectorAll(".zoom-hint")) hint.hidden = app.map.getZoom() >= Number(hint.dataset.minzoom);
  });
  for (const layer of ["erhvervsareal-fill", ...MATCH_LAYERS]) {
    app.map.on("mouseenter", layer, () => { app.map.getCanvas().style.cursor = "pointer"; });
    app.map.on("mouseleave", layer, () => { app.map.getCanvas().style.cursor = ""; });
  }
  app.map.on("moveend", () => { if (app.inView || app.sort === DISTANCE) refreshList(); updateHash(); });
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
  const embedded = new URLSearchParams(location.search).get("embed") === "1";
  document.body.classList.toggle("embed", embedded);
  if (embedded) reportHeight();
  setLanguage(new URLSearchParams(location.hash.replace(/^#/, "")).get("lang"));
  applyStaticTexts();
  app.tabs = new Tabs({ tablist: $("tabs"), onShow: (tab) => { if (tab === "kort") app.map?.resize(); } });
  const config = await getJson("/kort/config.json");
  if (!config.data) { $("result-count").textContent = t("noData"); return; }
  app.checkBuild = watchBuild(config.build, $("new-data"));
  app.dataBase = new URL(config.data, location.href).href;
  app.data = new SiteData(app.dataBase);
  const load = (name) => app.data.load(name);
  app.style = absoluteStyle(await load("style.json"), app.dataBase);
  app.filterSpecs = declaredFilters(app.style.metadata?.["overblikskort:filters"], config.optional_filters);
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
    container: "map", style: app.style, ...camera, minZoom: 4, maxZoom: 18, attributionControl: false,
    locale: mapLocale(), cooperativeGestures: embedded,
  });
  applyMapLocale();
  const loaded = new Promise((resolve) => app.map.once("load", resolve));
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
  app.sortOrders = sortOrders(app.labels);
  app.sort = app.sortOrders.some((order) => order.key === initial.sort) ? initial.sort : app.sortOrders[0].key;
  app.filters = initial.filters;
  app.inView = initial.inView;
  app.filterKey = filterKey(app.filters, app.inView);
  app.visible = initial.layers ?? defaultVisible(legend);
  app.config = config;
  app.list = new SiteList({ list: $("results"), count: $("result-count"), more: $("more"), sortSelect: $("sort"),
    onOpen: (id) => openSite(id, { fly: true, focusCard: true }) });
  app.list.onMore = refreshList;
  app.search = new SearchBox({ input: $("search"), list: $("search-results"), status: $("search-status"),
    load: () => app.data.search(), onChoose: chooseSearchResult });
  await loaded;
  await addBasemap(app.map, app.style, config.basemap, currentLanguage()).catch((error) => { console.error(error); app.lastError = String(error); });
  const font = app.style.layers.find((l) => l.type === "symbol")?.layout?.["text-font"] ?? ["sans-serif"];
  installMatches(app.map, app.style, sites.filter((site) => matches(app.filterSpecs, site, app.filters)), font);
  app.shownSiteIds = () => shownSiteIds(app.map);
  applyLayerVisibility();
  wireControls();
  renderTexts();
  applyMapFilter();
  if (initial.site && app.siteById.has(initial.site)) openSite(initial.site, { fly: !initial.view });
  else if (initial.site) showNotice(t("siteGone"));
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
