// DOM for the list, the site card, the legend and the filter options. Every value from the data
// goes in as text (textContent) or through a checked attribute; nothing is parsed as HTML.
import { currentLanguage, t } from "./i18n.js";
import { UTILITIES } from "./state.js";

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

export class Labels {
  constructor(labels) { this.labels = labels; }
  field(layer, name) {
    const spec = this.labels.fields[layer]?.[name];
    return spec ? spec[currentLanguage()] : name;
  }
  code(layer, name, value) {
    if (value == null || value === "") return t("unknown");
    const list = this.labels.fields[layer]?.[name]?.codelist;
    const entry = list && this.labels.codelists[list]?.[String(value)];
    return entry ? entry[currentLanguage()] : String(value);
  }
  codes(listName) {
    return Object.entries(this.labels.codelists[listName] || {}).map(([value, l]) => [value, l[currentLanguage()]]);
  }
  layer(name) { return this.labels.layers[name]?.[currentLanguage()] ?? name; }
}

const locale = () => (currentLanguage() === "da" ? "da-DK" : "en-GB");

const formatNumber = (value, digits = 0) =>
  value == null ? t("unknown") : Number(value).toLocaleString(locale(), { maximumFractionDigits: digits });

export function renderFilterOptions(form, labels, kommuner, filters) {
  const statusBox = form.querySelector("#f-status");
  statusBox.replaceChildren(...labels.codes("erhvervsareal_status").map(([value, label]) =>
    el("div", { class: "check" },
      el("input", { type: "checkbox", name: "status", value, id: `f-status-${value}` }),
      el("label", { for: `f-status-${value}`, text: label }))));
  const utilBox = form.querySelector("#f-util");
  utilBox.replaceChildren(...UTILITIES.map((u) =>
    el("div", { class: "check" },
      el("input", { type: "checkbox", name: "util", value: u, id: `f-util-${u}` }),
      el("label", { for: `f-util-${u}`, text: t("utilityChoices")[u] }))));
  const options = (select, entries) => select.replaceChildren(
    el("option", { value: "", text: t("any") }), ...entries.map(([v, l]) => el("option", { value: v, text: l })));
  options(form.querySelector("#f-anv"), labels.codes("anvendelse_generel"));
  options(form.querySelector("#f-miljo"), labels.codes("miljoeklasse"));
  options(form.querySelector("#f-kom"), kommuner.map((k) => [k.kommunekode, k.navn]));
}

export function renderList(list, sites, labels, { selected, limit, onOpen }) {
  const items = sites.slice(0, limit).map((site) => {
    const button = el("button", { type: "button", class: "site", dataset: { id: site.objekt_id } },
      el("span", { class: "site-name", text: site.navn ?? "" }),
      el("span", { class: "site-meta", text:
        `${labels.code("erhvervsareal", "status", site.status)} · ${formatNumber(site.ledigt_areal_m2)} m² ${t("freeArea")}` }));
    if (site.objekt_id === selected) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => onOpen(site.objekt_id));
    return el("li", {}, button);
  });
  list.replaceChildren(...items);
}

function row(dl, term, value) {
  if (value == null || value === "") return;
  dl.append(el("dt", { text: term }), el("dd", {}, value instanceof Node ? value : document.createTextNode(String(value))));
}

function safeLink(href, text) {
  if (!/^https?:\/\//i.test(href || "")) return text ?? null;
  return el("a", { href, rel: "noopener noreferrer", target: "_blank", text: text ?? href });
}

// An ISO date (YYYY-MM-DD) in the reader's language: "1. maj 2025" / "1 May 2025".
function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!match) return iso || null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return el("time", { datetime: match[0], text: day.toLocaleDateString(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) });
}

// "4" or "3–5", with the guide distance to housing taken from the code list's labels
// ("Klasse 3 (50 m til bolig)") and the full labels as a tooltip.
function environmentalClass(labels, site) {
  const low = site.miljoeklasse_min ?? site.miljoeklasse_max;
  const high = site.miljoeklasse_max ?? site.miljoeklasse_min;
  if (low == null) return null;
  const [from, to] = low <= high ? [low, high] : [high, low];
  const names = [...new Set([from, to])].map((c) => labels.code("erhvervsareal", "miljoeklasse_min", c));
  const metres = [from, to].map((c) => /\((\d+)\s*m\b/.exec(labels.code("erhvervsareal", "miljoeklasse_min", c))?.[1]);
  const value = el("span", { title: names.join(" – "), text: from === to ? String(from) : `${from}–${to}` });
  if (metres.some((m) => m == null)) return value;
  return el("span", {}, value, el("span", { class: "hint", text: ` (${t("envDistance", formatNumber(metres[0]), formatNumber(metres[1]))})` }));
}

function utilities(labels, site) {
  const connected = UTILITIES.filter((u) => site[`tilslutning_${u}`] === true);
  if (!connected.length) return t("unknown");
  return el("span", { title: connected.map((u) => labels.field("erhvervsareal", `tilslutning_${u}`)).join(", "),
    text: connected.map((u) => t("utilityNames")[u]).join(", ") });
}

export function renderCard(card, site, labels, kommuneName, { loading = false, failed = false } = {}) {
  const L = "erhvervsareal";
  card.querySelector("#card-title").textContent = site.navn ?? "";
  const confirmed = card.querySelector("#card-confirmed");
  confirmed.replaceChildren();
  if (site.sidst_bekraeftet) confirmed.append(`${t("lastConfirmed")} `, formatDate(site.sidst_bekraeftet));
  const dl = card.querySelector("#card-fields");
  dl.replaceChildren();
  row(dl, t("kommune"), kommuneName || site.kommunekode);
  row(dl, labels.field(L, "status"), labels.code(L, "status", site.status));
  if (loading || failed) {
    row(dl, labels.field(L, "ledigt_areal_m2"), `${formatNumber(site.ledigt_areal_m2)} m²`);
    card.querySelector("#card-note").textContent = loading ? t("loadingDetails") : t("detailsError");
    return;
  }
  card.querySelector("#card-note").textContent = "";
  row(dl, labels.field(L, "areal_m2"), `${formatNumber(site.areal_m2)} m²`);
  row(dl, labels.field(L, "ledigt_areal_m2"), `${formatNumber(site.ledigt_areal_m2)} m²`);
  row(dl, labels.field(L, "zonestatus"), labels.code(L, "zonestatus", site.zonestatus));
  row(dl, labels.field(L, "anvendelse_generel"), labels.code(L, "anvendelse_generel", site.anvendelse_generel));
  if (site.anvendelse_specifik != null) row(dl, labels.field(L, "anvendelse_specifik"), labels.code(L, "anvendelse_specifik", site.anvendelse_specifik));
  row(dl, t("envRange"), environmentalClass(labels, site));
  row(dl, t("utilitiesConnected"), utilities(labels, site));
  row(dl, labels.field(L, "el_kapacitet_mw"), site.el_kapacitet_mw == null ? t("unknown") : `${formatNumber(site.el_kapacitet_mw, 1)} MW`);
  row(dl, labels.field(L, "pris_kr_m2"), site.pris_kr_m2 == null ? t("unknown") : t("priceUnit", formatNumber(site.pris_kr_m2)));
  if (site.max_bebyggelsesprocent != null) row(dl, labels.field(L, "max_bebyggelsesprocent"), `${formatNumber(site.max_bebyggelsesprocent)} %`);
  if (site.max_bygningshoejde_m != null) row(dl, labels.field(L, "max_bygningshoejde_m"), `${formatNumber(site.max_bygningshoejde_m, 1)} m`);
  row(dl, labels.field(L, "lokalplan_id"), site.lokalplan_id);
  row(dl, labels.field(L, "kommuneplanramme_id"), site.kommuneplanramme_id);
  row(dl, t("planLink"), safeLink(site.link));
  row(dl, labels.field(L, "kontakt_navn"), site.kontakt_navn);
  if (site.kontakt_email) row(dl, labels.field(L, "kontakt_email"), el("a", { href: `mailto:${site.kontakt_email}`, text: site.kontakt_email }));
  if (site.kontakt_telefon) row(dl, labels.field(L, "kontakt_telefon"), el("a", { href: `tel:${String(site.kontakt_telefon).replace(/[^+0-9]/g, "")}`, text: site.kontakt_telefon }));
}

function swatch(item) {
  const style = `background:${item.shape === "line" ? "transparent" : item.fill};border-color:${item.outline};border-style:${item.dashed ? "dashed" : "solid"}`;
  const shape = ["circle", "triangle", "diamond", "star", "square"].includes(item.shape) ? "point" : item.shape;
  return el("span", { class: `swatch swatch-${shape}`, style, "aria-hidden": "true" });
}

export function renderLayers(container, legend, visible, onToggle) {
  const lang = currentLanguage();
  container.replaceChildren(...legend.layers.map((layer) => {
    const id = `layer-${layer.layer}`;
    const box = el("input", { type: "checkbox", id, value: layer.layer });
    box.checked = visible.includes(layer.layer);
    box.addEventListener("change", () => onToggle(layer.layer, box.checked));
    const items = layer.reference ? null : el("ul", { class: "legend-items" },
      ...layer.items.map((item) => el("li", {}, swatch(item), el("span", { text: item[`label_${lang}`] }))));
    return el("div", { class: "layer" },
      el("div", { class: "check" }, box, layer.reference ? swatch(layer.items[0]) : null,
        el("label", { for: id, text: layer[`label_${lang}`] })), items);
  }));
}

export function renderSearchResults(list, results, onChoose) {
  list.replaceChildren(...results.map((result, index) => {
    const button = el("button", { type: "button", class: "search-result", dataset: { index: String(index) } },
      el("span", { class: "result-kind", text: result.kind === "kommune" ? t("kommuneResult") : t("siteResult") }),
      el("span", { text: result.navn ?? "" }));
    button.addEventListener("click", () => onChoose(result));
    return el("li", {}, button);
  }));
  list.hidden = results.length === 0;
}

export function renderDownloads(list, manifest, labels, dataBase) {
  const entries = Object.entries(manifest.downloads || {}).flatMap(([layer, files]) =>
    Object.entries(files).map(([fmt, path]) => el("li", {},
      el("a", { href: new URL(path, dataBase).href, download: "", text: `${labels.layer(layer)} (${fmt === "gpkg" ? "GeoPackage" : "GeoJSON"})` }))));
  entries.push(el("li", {}, el("a", { href: "/ogc", text: t("ogc") })));
  list.replaceChildren(...entries);
}
