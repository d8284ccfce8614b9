// DOM for the filter form, the legend and the downloads, and the labels of fields and codes (from
// labels.json). Every value from the data goes in as text (textContent) or through a checked
// attribute; nothing is parsed as HTML. The list is finder.js's, the card card.js's.
import { el } from "./dom.js";
import { sourceText } from "./context.js";
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
    if (spec.kind === "recent") return el("div", { class: "field check" },
      el("input", { type: "checkbox", id: `f-${spec.key}`, name: spec.key, value: String(spec.months) }),
      el("label", { for: `f-${spec.key}`, text: spec[`label_${lang}`] }));
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

function swatch(item) {
  const style = `background:${item.shape === "line" ? "transparent" : item.fill};border-color:${item.outline};border-style:${item.dashed ? "dashed" : "solid"}`;
  const shape = ["circle", "triangle", "diamond", "star", "square"].includes(item.shape) ? "point" : item.shape;
  return el("span", { class: `swatch swatch-${shape}`, style, "aria-hidden": "true" });
}

// The layer list, grouped (the municipalities' sites, plans, nature, utilities): each layer a
// checkbox with its legend; a context layer also says its source and date, and from which zoom
// it shows while the map is zoomed out further.
export function renderLayers(container, legend, visible, onToggle, zoom = 0) {
  const lang = currentLanguage();
  const groups = new Map();
  for (const layer of legend.layers) {
    const group = layer.group ?? "arealer";
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(layer);
  }
  container.replaceChildren(...[...groups.entries()].map(([group, layers]) => {
    const entries = layers.map((layer) => {
      const id = `layer-${layer.layer}`;
      const box = el("input", { type: "checkbox", id, value: layer.layer });
      box.checked = visible.includes(layer.layer);
      box.addEventListener("change", () => onToggle(layer.layer, box.checked));
      const items = layer.reference ? null : el("ul", { class: "legend-items" },
        ...layer.items.map((item) => el("li", {}, swatch(item), el("span", { text: item[`label_${lang}`] }))));
      const source = layer.context ? sourceText(layer.source) : null;
      const hint = layer.context && layer.minzoom > 5
        ? el("p", { class: "zoom-hint", dataset: { minzoom: String(layer.minzoom) }, text: t("zoomIn", layer.minzoom) }) : null;
      if (hint) hint.hidden = zoom >= layer.minzoom;
      return el("div", { class: "layer" },
        el("div", { class: "check" }, box, layer.reference ? swatch(layer.items[0]) : null,
          el("label", { for: id, text: layer[`label_${lang}`] })), items,
        source ? el("p", { class: "layer-source", text: source }) : null, hint);
    });
    const open = group === "arealer" || layers.some((layer) => visible.includes(layer.layer));
    const details = el("details", { class: "layer-group" },
      el("summary", {}, el("h3", { text: t("groups")[group] ?? group })), ...entries);
    details.open = open;
    return details;
  }));
}

export function renderDownloads(list, manifest, labels, dataBase) {
  const entries = Object.entries(manifest.downloads || {}).flatMap(([layer, files]) =>
    Object.entries(files).map(([fmt, path]) => el("li", {},
      el("a", { href: new URL(path, dataBase).href, download: "", text: `${labels.layer(layer)} (${fmt === "gpkg" ? "GeoPackage" : "GeoJSON"})` }))));
  entries.push(el("li", {}, el("a", { href: "/ogc", text: t("ogc") })));
  list.replaceChildren(...entries);
}
