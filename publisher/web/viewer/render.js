// DOM for the list, the site card, the legend and the filter options. Every value from the data
// goes in as text (textContent) or through a checked attribute; nothing is parsed as HTML.
import { el } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";

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
  spec(layer, name) { return this.labels.fields[layer]?.[name] ?? {}; }
  // The fields of a layer that appear on `surface` ("card", "finder", ...), in declared order.
  publicFields(layer, surface) {
    return Object.entries(this.labels.fields[layer] || {})
      .filter(([, spec]) => (spec.public || []).includes(surface)).map(([name]) => name);
  }
  group(name) { return this.labels.groups?.[name]?.[currentLanguage()] ?? name; }
  short(layer, name) { return this.spec(layer, name)[`short_${currentLanguage()}`] ?? this.field(layer, name); }
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

const locale = () => (currentLanguage() === "da" ? "da-DK" : "en-GB");

const formatNumber = (value, digits = 0) =>
  value == null ? t("unknown") : Number(value).toLocaleString(locale(), { maximumFractionDigits: digits });

// The filter form, made from the declared filters: a number input for "at least" a number, a
// select for "at least" a code or for "equals", checkboxes for "one of" and "all true". Ids are
// f-<key> (and f-<key>-<value> for checkboxes), names the filter keys.
export function renderFilterForm(container, filterSpecs, labels, kommuner) {
  const lang = currentLanguage();
  const select = (spec, entries) => el("div", { class: "field" },
    el("label", { for: `f-${spec.key}`, text: spec[`label_${lang}`] }),
    el("select", { id: `f-${spec.key}`, name: spec.key },
      el("option", { value: "", text: t("any") }), ...entries.map(([v, l]) => el("option", { value: v, text: l }))));
  const checks = (spec, entries) => el("fieldset", { class: "field" },
    el("legend", { text: spec[`label_${lang}`] }),
    el("div", { class: "checks" }, ...entries.map(([value, label]) => el("div", { class: "check" },
      el("input", { type: "checkbox", name: spec.key, value, id: `f-${spec.key}-${value}` }),
      el("label", { for: `f-${spec.key}-${value}`, text: label })))));
  container.replaceChildren(...filterSpecs.map((spec) => {
    const [field] = spec.fields;
    if (spec.kind === "all_true") return checks(spec, spec.fields.map((f) => [f.choice, capitalised(f[`short_${lang}`] ?? f.name)]));
    if (spec.kind === "one_of") return checks(spec, labels.codes(field.codelist));
    if (field.name === "kommunekode") return select(spec, kommuner.map((k) => [k.kommunekode, k.navn]));
    if (field.codelist) return select(spec, labels.codes(field.codelist));
    const decimal = spec.step != null && !Number.isInteger(spec.step);
    return el("div", { class: "field" },
      el("label", { for: `f-${spec.key}`, text: spec[`label_${lang}`] }),
      el("input", { id: `f-${spec.key}`, name: spec.key, type: "number", min: "0", step: spec.step ?? "any",
        inputmode: decimal ? "decimal" : "numeric" }));
  }));
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

// A range of two fields of one group ("3" or "3–5"); for codes whose labels carry a distance
// ("Klasse 3 (50 m til bolig)") the distance follows as a hint, the full labels as a tooltip.
function range(labels, layer, [low, high], site) {
  const from0 = site[low] ?? site[high];
  const to0 = site[high] ?? site[low];
  if (from0 == null) return null;
  const [from, to] = from0 <= to0 ? [from0, to0] : [to0, from0];
  const names = [...new Set([from, to])].map((c) => labels.code(layer, low, c));
  const metres = [from, to].map((c) => /\((\d+)\s*m\b/.exec(labels.code(layer, low, c))?.[1]);
  const value = el("span", { title: names.join(" – "), text: from === to ? String(from) : `${from}–${to}` });
  if (metres.some((m) => m == null)) return value;
  return el("span", {}, value, el("span", { class: "hint", text: ` (${t("envDistance", formatNumber(metres[0]), formatNumber(metres[1]))})` }));
}

// The yes/no fields of one group that are true, by their short names ("el, vand").
function flags(labels, layer, names, site) {
  const on = names.filter((name) => site[name] === true);
  if (!on.length) return t("unknown");
  return el("span", { title: on.map((name) => labels.field(layer, name)).join(", "), text: on.map((name) => labels.short(layer, name)).join(", ") });
}

function hostName(href) {
  try { return new URL(href).hostname.replace(/^www\./, ""); } catch { return href; }
}

// One field's value as the card shows it: code labels, numbers with their unit, dates in words,
// links, e-mail and phone as links. null when there is nothing to show.
function cardValue(labels, layer, name, value, { missing = false } = {}) {
  const spec = labels.spec(layer, name);
  if (value == null || value === "") return missing ? t("unknown") : null;
  if (spec.codelist) return labels.code(layer, name, value);
  if (spec.type === "date") return formatDate(value);
  if (spec.type === "boolean") return value ? t("yes") : t("no");
  if (spec.type === "real" || spec.type === "integer") {
    const shown = formatNumber(value, spec.unit === "MW" || spec.unit === "m" ? 1 : 0);
    return spec.unit === "kr./m²" ? t("priceUnit", shown) : spec.unit ? `${shown} ${spec.unit}` : shown;
  }
  if (spec.format === "url") return safeLink(value, hostName(value));
  if (spec.format === "email") return el("a", { href: `mailto:${value}`, text: value });
  if (spec.format === "phone") return el("a", { href: `tel:${String(value).replace(/[^+0-9]/g, "")}`, text: value });
  return String(value);
}

// The card's rows, in the order the data model declares its card fields: a group of fields is
// one row (a range, or the yes/no fields that are true); fields the finder filters on say
// "not stated" when empty, others are left out. While the full record loads, only what the
// finder row knows is shown.
export function renderCard(card, site, labels, kommuneName, { loading = false, failed = false } = {}) {
  const L = "erhvervsareal";
  const fields = labels.publicFields(L, "card");
  const finderFields = new Set(labels.publicFields(L, "finder"));
  const role = (name) => labels.spec(L, name).role;
  const title = fields.find((name) => role(name) === "title");
  card.querySelector("#card-title").textContent = site[title] ?? "";
  const confirmed = card.querySelector("#card-confirmed");
  confirmed.replaceChildren();
  const confirmedField = fields.find((name) => role(name) === "confirmed");
  if (site[confirmedField]) confirmed.append(`${t("lastConfirmed")} `, formatDate(site[confirmedField]));
  const dl = card.querySelector("#card-fields");
  dl.replaceChildren();
  const partial = loading || failed;
  const shownGroups = new Set();
  for (const name of fields) {
    if (role(name) || (partial && !finderFields.has(name))) continue;
    if (name === "kommunekode") { row(dl, t("kommune"), kommuneName || site.kommunekode); continue; }
    const group = labels.spec(L, name).group;
    if (group) {
      if (shownGroups.has(group)) continue;
      shownGroups.add(group);
      const members = fields.filter((f) => labels.spec(L, f).group === group);
      const allFlags = members.every((f) => labels.spec(L, f).type === "boolean");
      row(dl, labels.group(group), allFlags ? flags(labels, L, members, site) : range(labels, L, members, site));
      continue;
    }
    row(dl, labels.field(L, name), cardValue(labels, L, name, site[name], { missing: finderFields.has(name) }));
  }
  card.querySelector("#card-note").textContent = loading ? t("loadingDetails") : failed ? t("detailsError") : "";
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
