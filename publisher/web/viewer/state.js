// The viewer's state (view, layers, filters, selected site, language) and its permalink form.
// Each filter is declared once: how it reads from the form, tests a site in the list and
// becomes a MapLibre expression, so list and map always agree.

export const UTILITIES = ["el", "vand", "kloak", "fjernvarme", "gas"];

const number = (value) => (value === "" || value == null ? null : Number(value));

export const FILTERS = [
  {
    key: "areal",
    parse: (raw) => (Number.isFinite(number(raw)) && number(raw) > 0 ? number(raw) : null),
    test: (site, v) => (site.ledigt_areal_m2 ?? 0) >= v,
    expression: (v) => [">=", ["to-number", ["coalesce", ["get", "ledigt_areal_m2"], 0]], v],
  },
  {
    key: "status",
    parse: (raw) => (raw ? String(raw).split(",").filter(Boolean) : null),
    test: (site, v) => v.includes(site.status),
    expression: (v) => ["in", ["to-string", ["get", "status"]], ["literal", v]],
  },
  {
    key: "anv",
    parse: (raw) => (raw ? String(raw) : null),
    test: (site, v) => String(site.anvendelse_generel) === v,
    expression: (v) => ["==", ["to-string", ["get", "anvendelse_generel"]], v],
  },
  {
    key: "miljo",
    parse: (raw) => (number(raw) >= 1 ? number(raw) : null),
    test: (site, v) => (site.miljoeklasse_max ?? 0) >= v,
    expression: (v) => [">=", ["to-number", ["coalesce", ["get", "miljoeklasse_max"], 0]], v],
  },
  {
    key: "util",
    parse: (raw) => (raw ? String(raw).split(",").filter((u) => UTILITIES.includes(u)) : null),
    test: (site, v) => v.every((u) => site[`tilslutning_${u}`] === true),
    expression: (v) => ["all", ...v.map((u) => ["==", ["get", `tilslutning_${u}`], true])],
  },
  {
    key: "mw",
    parse: (raw) => (Number.isFinite(number(raw)) && number(raw) > 0 ? number(raw) : null),
    test: (site, v) => (site.el_kapacitet_mw ?? 0) >= v,
    expression: (v) => [">=", ["to-number", ["coalesce", ["get", "el_kapacitet_mw"], 0]], v],
  },
  {
    key: "kom",
    parse: (raw) => (raw ? String(raw) : null),
    test: (site, v) => site.kommunekode === v,
    expression: (v) => ["==", ["to-string", ["get", "kommunekode"]], v],
  },
];

export function activeFilters(filters) {
  return FILTERS.filter((spec) => {
    const value = filters[spec.key];
    return value != null && !(Array.isArray(value) && value.length === 0);
  });
}

export function matches(site, filters) {
  return activeFilters(filters).every((spec) => spec.test(site, filters[spec.key]));
}

export function mapExpression(filters) {
  const parts = activeFilters(filters).map((spec) => spec.expression(filters[spec.key]));
  return parts.length ? ["all", ...parts] : null;
}

export function filtersFromForm(form) {
  const data = new FormData(form);
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  const raw = {
    areal: data.get("areal"), status: checked("status").join(","), anv: data.get("anv"),
    miljo: data.get("miljo"), util: checked("util").join(","), mw: data.get("mw"), kom: data.get("kom"),
  };
  return Object.fromEntries(FILTERS.map((spec) => [spec.key, spec.parse(raw[spec.key])]));
}

export function fillForm(form, filters) {
  form.elements.areal.value = filters.areal ?? "";
  form.elements.anv.value = filters.anv ?? "";
  form.elements.miljo.value = filters.miljo ?? "";
  form.elements.mw.value = filters.mw ?? "";
  form.elements.kom.value = filters.kom ?? "";
  for (const box of form.querySelectorAll('input[name="status"]')) box.checked = (filters.status || []).includes(box.value);
  for (const box of form.querySelectorAll('input[name="util"]')) box.checked = (filters.util || []).includes(box.value);
}

// Permalink: #map=zoom/lat/lon&layers=a,b&site=id&lang=en&<filter>=<value>...
export function readHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state = { filters: {}, view: null, layers: null, site: params.get("site"), lang: params.get("lang") };
  for (const spec of FILTERS) state.filters[spec.key] = spec.parse(params.get(spec.key));
  const view = (params.get("map") || "").split("/").map(Number);
  if (view.length === 3 && view.every(Number.isFinite)) state.view = { zoom: view[0], lat: view[1], lon: view[2] };
  if (params.has("layers")) state.layers = params.get("layers").split(",").filter(Boolean);
  state.inView = params.get("view") === "1";
  return state;
}

export function writeHash({ view, layers, filters, site, lang, inView }) {
  const params = new URLSearchParams();
  if (view) params.set("map", `${view.zoom.toFixed(2)}/${view.lat.toFixed(5)}/${view.lon.toFixed(5)}`);
  if (layers) params.set("layers", layers.join(","));
  for (const spec of activeFilters(filters)) {
    const value = filters[spec.key];
    params.set(spec.key, Array.isArray(value) ? value.join(",") : String(value));
  }
  if (inView) params.set("view", "1");
  if (site) params.set("site", site);
  if (lang && lang !== "da") params.set("lang", lang);
  return "#" + params.toString().replace(/%2F/g, "/").replace(/%2C/g, ",");
}
