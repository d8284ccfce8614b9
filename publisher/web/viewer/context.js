// The national context in the viewer: which layers are on by default, the attribution of the
// layers shown, and the card's "Omgivelser og forsyning" (each fact with its source) and "Sådan
// kommer du videre" (the guidance catalogue's links). Every value goes in as text.
import { el } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";

const SITE_ATTRIBUTION = "Data: kommunerne, Erhvervsstyrelsen";

const locale = () => (currentLanguage() === "da" ? "da-DK" : "en-GB");
const number = (value, digits = 0) => Number(value).toLocaleString(locale(), { maximumFractionDigits: digits });

export function formatDay(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!match) return null;
  return new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]))
    .toLocaleDateString(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function sourceText(source) {
  return source ? t("source", source.attribution, formatDay(source.date)) : null;
}

// The layers on when the permalink names none: the sites and the layers declared default_on.
export function defaultVisible(legend) {
  return legend.layers.filter((layer) => layer.default_on !== false).map((layer) => layer.layer);
}

// The attribution of what is shown: the sites, the basemap, and each visible context layer's source.
export function attributions(legend, visible, basemap, sources) {
  const texts = [SITE_ATTRIBUTION];
  const basemapSource = sources?.kommunegraenser?.attribution;
  if (basemap?.attribution) texts.push(basemap.attribution);
  else if (basemapSource) texts.push(basemapSource);
  for (const layer of legend.layers) {
    if (layer.context && visible.includes(layer.layer) && layer.source?.attribution) texts.push(layer.source.attribution);
  }
  return [...new Set(texts)];
}

function distanceText(metres) {
  if (metres == null) return t("unknown");
  return metres >= 1000 ? `${number(metres / 1000, 1)} km` : `${number(metres)} m`;
}

function code(labels, fact, field, value) {
  const list = fact.fields[field]?.codelist;
  const entry = list && labels.labels.codelists[list]?.[String(value)];
  return entry ? entry[currentLanguage()] : value == null ? t("unknown") : String(value);
}

function pdfLink(href) {
  if (!/^https?:\/\//i.test(href || "")) return null;
  return el("a", { href, rel: "noopener noreferrer", target: "_blank", text: t("planPdf") });
}

function planList(labels, fact, plans) {
  if (!plans.length) return document.createTextNode(t("noPlans"));
  return el("ul", { class: "fact-list" }, ...plans.map((plan) => el("li", {},
    `${plan.plannavn ?? plan.planid} (${plan.planid}) – ${code(labels, fact, "status", plan.status)}, `
      + t("sharePct", number(plan.andel_pct, 1)),
    plan.doklink ? " · " : null, pdfLink(plan.doklink))));
}

function nearest(value) {
  const where = value.afstand_m > 0 ? t("distance", distanceText(value.afstand_m))
    : value.andel_pct >= 0.05 ? t("overlaps", number(value.andel_pct, 1)) : t("adjoins");
  return value.navn ? `${value.navn}: ${where}` : where;
}

function factValue(labels, fact, value) {
  const lang = currentLanguage();
  if (fact.measure === "cover") return planList(labels, fact, value);
  if (fact.measure === "largest_cover") {
    if (!value) return t("noCatchment");
    return `${value.navn ? `${value.navn}: ` : ""}${code(labels, fact, "eksisterende", value.eksisterende)} (${t("existing")}), `
      + `${code(labels, fact, "planlagt", value.planlagt)} (${t("planned")})`;
  }
  if (fact.measure === "heating") {
    if (value.i_omraade) return t("inHeatingArea", value.omraade ?? "");
    return value.vaerk ? t("nearestPlant", value.vaerk, value.braendsel, distanceText(value.afstand_m)) : t("unknown");
  }
  if (fact.key === "transformerstation" && value) {
    return `${value.navn ?? t("unknown")}${value.spaendinger ? ` (${value.spaendinger})` : ""}: ${t("distance", distanceText(value.afstand_m))}`;
  }
  if (fact.key === "energipark" && value?.energipark_type) {
    return `${nearest(value)} (${code(labels, fact, "energipark_type", value.energipark_type).toLocaleLowerCase(lang)})`;
  }
  return value ? nearest(value) : t("unknown");
}

// "Omgivelser og forsyning": one row per fact present in the site's record, with its source.
export function renderSurroundings(section, record, labels, sources) {
  const dl = section.querySelector("dl");
  dl.replaceChildren();
  const omgivelser = record?.omgivelser;
  const facts = (labels.labels.omgivelser || []).filter((fact) => omgivelser && fact.key in omgivelser);
  section.hidden = !record || !("omgivelser" in record);
  if (!facts.length) {
    dl.append(el("dd", { class: "fact-none", text: t("noSurroundings") }));
    return;
  }
  for (const fact of facts) {
    const source = sourceText(sources?.[fact.kind]);
    dl.append(el("dt", { text: fact[currentLanguage()] }),
      el("dd", {}, factValue(labels, fact, omgivelser[fact.key]), source ? el("span", { class: "fact-source", text: source }) : null));
  }
}

// "Sådan kommer du videre": the guidance topics that apply, each a link (the kommune's own page
// where ERST has set one, else the national one).
export function renderNextSteps(section, record, guidance) {
  const list = section.querySelector("ul");
  const lang = currentLanguage();
  const topics = (record?.naeste_skridt || []).filter((code) => guidance?.topics?.[code]);
  section.hidden = topics.length === 0;
  list.replaceChildren(...topics.map((topicCode) => {
    const topic = guidance.topics[topicCode];
    const link = topic.kommuner?.[record.kommunekode] ?? topic.national;
    const anchor = /^https?:\/\//i.test(link.url || "")
      ? el("a", { href: link.url, rel: "noopener noreferrer", target: "_blank", text: link[`title_${lang}`] })
      : document.createTextNode(link[`title_${lang}`]);
    return el("li", {}, anchor, el("span", { class: "step-why", text: ` – ${topic[`when_${lang}`]}` }));
  }));
}
