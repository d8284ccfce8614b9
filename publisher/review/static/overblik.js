// The national dashboard for godkender and admin: totals, every kommune with its public objects,
// current release, waiting submissions, last rejection and overdue sites (sortable, filterable),
// and a map of the kommuner coloured by freshness. Links lead into the queue and the releases.
import * as maplibregl from "/godkend/vendor/maplibre-gl.mjs";
import { el } from "./dom.js";
import { $, api, session, showMessage, startPage, t } from "./session.js";

const FRESHNESS = ["forfalden", "snart_forfalden", "aktuel", "ingen_udgivelse"];
const COLOURS = { forfalden: "#c62828", snart_forfalden: "#f0a500", aktuel: "#1a7f37", ingen_udgivelse: "#d9d9d9" };
const FILTERS = { alle: () => true, forfalden: (r) => r.overdue > 0, snart: (r) => r.due_soon > 0,
                  ingen: (r) => !r.release, venter: (r) => r.waiting.count > 0 };
const DENMARK = [[8.0, 54.55], [15.2, 57.76]];
const board = { data: null, sort: { key: "freshness", descending: false }, map: null };

const kommuneLink = (row) => el("span", {}, el("a", { href: `/godkend/kommuner/${row.kommune}`, text: row.navn }),
  " ", el("small", { text: row.kommune }));
const number = (value) => Number(value).toLocaleString(session.lang === "da" ? "da-DK" : "en-GB");

// key, heading text key, sort value, cell, numeric
const COLUMNS = [
  ["navn", "colKommune", (r) => r.navn, kommuneLink],
  ["freshness", "freshness", (r) => FRESHNESS.indexOf(r.freshness) * 1e6 - r.overdue,
    (r) => el("span", { class: `fresh ${r.freshness}`, text: t(r.freshness) })],
  ["overdue", "colOverdue", (r) => r.overdue, (r) => number(r.overdue), true],
  ["due_soon", "colDueSoon", (r) => r.due_soon, (r) => number(r.due_soon), true],
  ["sites", "colSites", (r) => r.public.erhvervsareal, (r) => number(r.public.erhvervsareal), true],
  ["infra", "colInfra", (r) => r.public.infrastruktur, (r) => number(r.public.infrastruktur), true],
  ["parks", "colParks", (r) => r.public.industripark_kandidat, (r) => number(r.public.industripark_kandidat), true],
  ["release", "colRelease", (r) => r.release?.created_at ?? "",
    (r) => (r.release ? el("a", { class: "nowrap", href: `/godkend/kommuner/${r.kommune}`, text: t("releaseCell", r.release) }) : t("none"))],
  ["waiting", "colWaiting", (r) => r.waiting.count,
    (r) => (r.waiting.count ? el("a", { class: "nowrap", href: `/godkend/?kommune=${r.kommune}`, text: t("waitingLink", r.waiting.count),
      "aria-label": t("waitingLabel", r.waiting.count, r.navn) }) : "0"), true],
  ["rejection", "colRejection", (r) => r.last_rejection?.at ?? "",
    (r) => (r.last_rejection ? el("a", { class: "nowrap", href: `/godkend/#indsendelse=${r.last_rejection.submission_id}`,
      text: t("rejectionCell", r.last_rejection, session.labels.status(r.last_rejection.status)) }) : t("none"))],
];

function renderTotals(data) {
  const totals = data.totals;
  const figure = (value, label, extra, alert = false) => el("li", { class: alert ? "alert" : null },
    el("span", { class: "figure", text: value }), label, extra ? el("br") : null, extra);
  $("totals").replaceChildren(
    figure(`${totals.with_release} / ${totals.kommuner}`, t("kommunerReleased", totals)),
    figure(number(totals.public.erhvervsareal), t("publicSites")),
    figure(number(totals.public.infrastruktur), t("publicInfra")),
    figure(number(totals.public.industripark_kandidat), t("publicParks")),
    figure(number(totals.waiting), t("waiting")),
    figure(number(totals.overdue), t("overdue"), t("overdueIn", totals.kommuner_overdue), totals.overdue > 0),
    figure(number(totals.due_soon), t("dueSoon")));
  $("as-of").textContent = t("asOf", new Date(`${data.overdue_before}T12:00:00`).toLocaleDateString(
    session.lang === "da" ? "da-DK" : "en-GB", { day: "numeric", month: "long", year: "numeric" }));
}

function renderFilters() {
  const select = $("filter-show");
  const chosen = select.value || "alle";
  select.replaceChildren(...[["alle", "showEvery"], ["forfalden", "showOverdue"], ["snart", "showDueSoon"],
    ["ingen", "showNone"], ["venter", "showWaiting"]].map(([value, key]) => el("option", { value, text: t(key) })));
  select.value = chosen;
}

function renderTable() {
  const rows = board.data.kommuner;
  const query = $("filter-name").value.trim().toLocaleLowerCase("da");
  const show = FILTERS[$("filter-show").value] || FILTERS.alle;
  const [, , value] = COLUMNS.find(([key]) => key === board.sort.key);
  const shown = rows.filter((r) => show(r) && (!query || r.navn.toLocaleLowerCase("da").includes(query) || r.kommune.includes(query)))
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "da");
      return (board.sort.descending ? -order : order) || a.navn.localeCompare(b.navn, "da");
    });
  $("kommuner").querySelector("thead tr").replaceChildren(...COLUMNS.map(([key, label, , , numeric]) => {
    const active = board.sort.key === key;
    const button = el("button", { type: "button", class: "sort", dataset: { sort: key } }, t(label),
      el("span", { class: "arrow", "aria-hidden": "true", text: active ? (board.sort.descending ? " ▼" : " ▲") : "" }));
    button.addEventListener("click", () => {
      board.sort = { key, descending: active ? !board.sort.descending : Boolean(numeric) };
      renderTable();
      document.querySelector(`button[data-sort="${key}"]`).focus();
    });
    return el("th", { scope: "col", class: numeric ? "number" : null,
      "aria-sort": active ? (board.sort.descending ? "descending" : "ascending") : "none" }, button);
  }));
  $("kommuner").querySelector("tbody").replaceChildren(...shown.map((row) => el("tr", { dataset: { kommune: row.kommune } },
    ...COLUMNS.map(([key, , , cell, numeric], index) => el(index === 0 ? "th" : "td",
      { class: numeric ? "number" : null, scope: index === 0 ? "row" : null }, cell(row))))));
  if (!shown.length) {
    $("kommuner").querySelector("tbody").append(el("tr", {}, el("td", { colspan: String(COLUMNS.length), text: t("noKommuner") })));
  }
  $("kommuner-caption").textContent = t("tableCaption", shown.length, rows.length);
  $("table-status").textContent = t("tableCaption", shown.length, rows.length);
}

function renderLegend() {
  $("legend").replaceChildren(...FRESHNESS.map((key) => el("li", {},
    el("span", { class: `fresh ${key}`, text: t(key) }))));
}

async function renderMap() {
  const data = await api("/dashboard/map");
  if (board.map) { board.map.getSource("kommuner").setData(data); return; }
  board.map = new maplibregl.Map({ container: $("map"), attributionControl: false, center: [10.6, 56.1], zoom: 5.2, style: {
    version: 8, sources: { kommuner: { type: "geojson", data } },
    layers: [
      { id: "hav", type: "background", paint: { "background-color": "#dce9f2" } },
      { id: "flader", type: "fill", source: "kommuner",
        paint: { "fill-color": ["match", ["get", "freshness"], ...Object.entries(COLOURS).flat(), "#d9d9d9"], "fill-opacity": 0.85 } },
      { id: "graenser", type: "line", source: "kommuner", paint: { "line-color": "#ffffff", "line-width": 0.8 } },
    ] } });
  board.map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  board.map.on("click", "flader", (event) => {
    const { kommune, navn, freshness, overdue } = event.features[0].properties;
    new maplibregl.Popup().setLngLat(event.lngLat).setDOMContent(el("div", { class: "popup" },
      el("a", { href: `/godkend/kommuner/${kommune}`, text: `${navn} (${kommune})` }),
      el("p", { text: `${t(freshness)}${overdue ? ` – ${t("colOverdue")}: ${overdue}` : ""}` }))).addTo(board.map);
  });
  board.map.on("mouseenter", "flader", () => { board.map.getCanvas().style.cursor = "pointer"; });
  board.map.on("mouseleave", "flader", () => { board.map.getCanvas().style.cursor = ""; });
  board.map.fitBounds(DENMARK, { padding: 10, duration: 0 });
  board.map.once("idle", () => { document.body.dataset.mapLoaded = "true"; });
}

function drawTexts() {
  renderTotals(board.data);
  renderFilters();
  renderLegend();
  renderTable();
}

async function draw() {
  try {
    board.data = await api("/dashboard");
  } catch (error) {
    showMessage(error.message);
    return;
  }
  drawTexts();
  await renderMap();
  document.body.dataset.ready = "true";
}

$("filter-name").addEventListener("input", renderTable);
$("filter-show").addEventListener("change", renderTable);
startPage({ onLogin: draw, onLanguage: async () => { if (board.data) drawTexts(); } });
