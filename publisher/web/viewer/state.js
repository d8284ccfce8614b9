// The viewer's state (view, layers, filters, selected site, language) and its permalink form.
// The filters are declared in the data model (style.json's "overblikskort:filters"); each kind
// knows how it reads from the form, tests a site in the list and becomes a MapLibre expression,
// so list and map always agree.

const number = (value) => (value === "" || value == null ? null : Number(value));
const positive = (raw) => (Number.isFinite(number(raw)) && number(raw) > 0 ? number(raw) : null);
const list = (raw) => (raw ? String(raw).split(",").filter(Boolean) : null);
const valueOf = (field) => ["to-string", ["get", field]];

// The day `months` months before today as "YYYY-MM-DD" (the month's last day where it is shorter),
// as datamodel.freshness counts: a site confirmed before it is overdue.
export function monthsAgo(months, today = new Date()) {
  const total = today.getFullYear() * 12 + today.getMonth() - months;
  const [year, month] = [Math.floor(total / 12), total % 12];
  const day = Math.min(today.getDate(), new Date(year, month + 1, 0).getDate());
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const KINDS = {
  at_least: {
    parse: positive,
    test: ([field], site, v) => (site[field.name] ?? 0) >= v,
    expression: ([field], v) => [">=", ["to-number", ["coalesce", ["get", field.name], 0]], v],
  },
  one_of: {
    parse: list,
    test: ([field], site, v) => v.includes(String(site[field.name])),
    expression: ([field], v) => ["in", valueOf(field.name), ["literal", v]],
  },
  equals: {
    parse: (raw) => (raw ? String(raw) : null),
    test: ([field], site, v) => String(site[field.name]) === v,
    expression: ([field], v) => ["==", valueOf(field.name), v],
  },
  recent: {
    parse: (raw) => (raw ? Number(raw) || null : null),
    test: ([field], site, v) => String(site[field.name] ?? "") >= monthsAgo(v),
    expression: ([field], v) => [">=", ["to-string", ["coalesce", ["get", field.name], ""]], monthsAgo(v)],
  },
  all_true: {
    parse: list,
    test: (fields, site, v) => fields.every((f) => !v.includes(f.choice) || site[f.name] === true),
    expression: (fields, v) => ["all", ...fields.filter((f) => v.includes(f.choice)).map((f) => ["==", ["get", f.name], true])],
  },
};

// The declared filters (from style.json) as {key, kind, fields, label_da, label_en, step, parse,
// test, expression}; a filter of an unknown kind is left out rather than breaking the page, and
// an optional one unless the publisher offers it (config.json's optional_filters).
export function declaredFilters(declarations, offered = []) {
  return (declarations || []).filter((d) => KINDS[d.kind] && (!d.optional || offered.includes(d.key))).map((d) => {
    const kind = KINDS[d.kind];
    const choices = d.fields.map((f) => f.choice).filter(Boolean);
    const parse = d.kind === "all_true" ? (raw) => list(raw)?.filter((c) => choices.includes(c)) ?? null
      : d.kind === "recent" ? (raw) => (Number(raw) === d.months ? d.months : null) : kind.parse;
    return { ...d, parse, test: (site, v) => kind.test(d.fields, site, v), expression: (v) => kind.expression(d.fields, v) };
  });
}

export function activeFilters(filterSpecs, filters) {
  return filterSpecs.filter((spec) => {
    const value = filters[spec.key];
    return value != null && !(Array.isArray(value) && value.length === 0);
  });
}

export function matches(filterSpecs, site, filters) {
  return activeFilters(filterSpecs, filters).every((spec) => spec.test(site, filters[spec.key]));
}

export function mapExpression(filterSpecs, filters) {
  const parts = activeFilters(filterSpecs, filters).map((spec) => spec.expression(filters[spec.key]));
  return parts.length ? ["all", ...parts] : null;
}

// A checkbox group (one_of, all_true) reads its checked boxes; every other filter its one input.
const isChoice = (spec) => spec.kind === "one_of" || spec.kind === "all_true";

export function filtersFromForm(filterSpecs, form) {
  const data = new FormData(form);
  return Object.fromEntries(filterSpecs.map((spec) => {
    const raw = isChoice(spec) ? data.getAll(spec.key).join(",") : data.get(spec.key);
    return [spec.key, spec.parse(raw)];
  }));
}

export function fillForm(filterSpecs, form, filters) {
  for (const spec of filterSpecs) {
    const value = filters[spec.key];
    if (isChoice(spec)) {
      for (const box of form.querySelectorAll(`input[name="${spec.key}"]`)) box.checked = (value || []).includes(box.value);
    } else if (spec.kind === "recent" && form.elements[spec.key]) {
      form.elements[spec.key].checked = value != null;
    } else if (form.elements[spec.key]) {
      form.elements[spec.key].value = value ?? "";
    }
  }
}

// Permalink: #map=zoom/lat/lon&layers=a,b&site=id&lang=en&sort=key&<filter key>=<value>...
export function readHash(filterSpecs, hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state = { filters: {}, view: null, layers: null, site: params.get("site"), lang: params.get("lang"), sort: params.get("sort") };
  for (const spec of filterSpecs) state.filters[spec.key] = spec.parse(params.get(spec.key));
  const view = (params.get("map") || "").split("/").map(Number);
  if (view.length === 3 && view.every(Number.isFinite)) state.view = { zoom: view[0], lat: view[1], lon: view[2] };
  if (params.has("layers")) state.layers = params.get("layers").split(",").filter(Boolean);
  state.inView = params.get("view") === "1";
  return state;
}

export function writeHash(filterSpecs, { view, layers, filters, site, lang, inView, sort }) {
  const params = new URLSearchParams();
  if (view) params.set("map", `${view.zoom.toFixed(2)}/${view.lat.toFixed(5)}/${view.lon.toFixed(5)}`);
  if (layers) params.set("layers", layers.join(","));
  for (const spec of activeFilters(filterSpecs, filters)) {
    const value = filters[spec.key];
    params.set(spec.key, Array.isArray(value) ? value.join(",") : String(value));
  }
  if (inView) params.set("view", "1");
  if (sort) params.set("sort", sort);
  if (site) params.set("site", site);
  if (lang && lang !== "da") params.set("lang", lang);
  return "#" + params.toString().replace(/%2F/g, "/").replace(/%2C/g, ",");
}
