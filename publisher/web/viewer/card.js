// The site card: a heading, the "last confirmed" line and a list of sections. The data model's
// sections (labels.json "sections", each card field's "section") come first; other parts of the
// viewer add theirs with addCardSection (e.g. the surroundings), each a function
// (site, context) -> {id, title, body} or null. Every value goes in as text.
import { el } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";
import { monthsAgo } from "./state.js";

const L = "erhvervsareal";
const OVERDUE_MONTHS = 12;  // datamodel.freshness.OVERDUE_MONTHS
const extraSections = [];

// Registers a card section after the data model's; `render(site, context)` returns
// {id, title, body: Node} or null to leave it out. context: {labels, kommuneName, partial}.
export function addCardSection(render) {
  extraSections.push(render);
}

const locale = () => (currentLanguage() === "da" ? "da-DK" : "en-GB");
const formatNumber = (value, digits = 0) =>
  value == null ? t("unknown") : Number(value).toLocaleString(locale(), { maximumFractionDigits: digits });

export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!match) return iso || null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return el("time", { datetime: match[0], text: day.toLocaleDateString(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) });
}

function safeLink(href, text) {
  if (!/^https?:\/\//i.test(href || "")) return text ?? null;
  return el("a", { href, rel: "noopener noreferrer", target: "_blank", text: text ?? href });
}

// A range of two fields of one group ("3" or "3–5"); for codes whose labels carry a distance
// ("Klasse 3 (50 m til bolig)") the distance follows as a hint, the full labels as a tooltip.
function range(labels, [low, high], site) {
  const from0 = site[low] ?? site[high];
  const to0 = site[high] ?? site[low];
  if (from0 == null) return null;
  const [from, to] = from0 <= to0 ? [from0, to0] : [to0, from0];
  const names = [...new Set([from, to])].map((c) => labels.code(L, low, c));
  const metres = [from, to].map((c) => /\((\d+)\s*m\b/.exec(labels.code(L, low, c))?.[1]);
  const value = el("span", { title: names.join(" – "), text: from === to ? String(from) : `${from}–${to}` });
  if (metres.some((m) => m == null)) return value;
  return el("span", {}, value, el("span", { class: "hint", text: ` (${t("envDistance", formatNumber(metres[0]), formatNumber(metres[1]))})` }));
}

// The yes/no fields of one group that are true, by their short names ("el, vand").
function flags(labels, names, site) {
  const on = names.filter((name) => site[name] === true);
  if (!on.length) return t("unknown");
  return el("span", { title: on.map((name) => labels.field(L, name)).join(", "), text: on.map((name) => labels.short(L, name)).join(", ") });
}

// The plan's PDF, when the surroundings the build computed name the plan with its document.
function lokalplanValue(site, value) {
  const plans = site.omgivelser?.lokalplaner;
  const plan = Array.isArray(plans) ? plans.find((p) => String(p.planid) === String(value)) : null;
  const name = plan?.plannavn ? `${plan.plannavn} (${value})` : String(value);
  return plan?.doklink ? safeLink(plan.doklink, name) : name;
}

// One field's value as the card shows it: code labels, numbers with their unit, dates in words,
// links, e-mail and phone as links. null when there is nothing to show.
function cardValue(labels, name, site, { missing = false, kommuneName } = {}) {
  const spec = labels.spec(L, name);
  const value = site[name];
  if (value == null || value === "") return missing ? t("unknown") : null;
  if (name === "kommunekode") return kommuneName || value;
  if (spec.role === "lokalplan") return lokalplanValue(site, value);
  if (spec.codelist) return labels.code(L, name, value);
  if (spec.type === "date") return formatDate(value);
  if (spec.type === "boolean") return value ? t("yes") : t("no");
  if (spec.type === "real" || spec.type === "integer") {
    const shown = formatNumber(value, spec.unit === "MW" || spec.unit === "m" ? 1 : 0);
    return spec.unit === "kr./m²" ? t("priceUnit", shown) : spec.unit ? `${shown} ${spec.unit}` : shown;
  }
  if (spec.format === "url") return safeLink(value, kommuneName ? t("kommunePage", kommuneName) : t("sitePage"));
  if (spec.format === "email") return el("a", { href: `mailto:${value}` }, ...breakable(String(value)));
  if (spec.format === "phone") return el("a", { href: `tel:${String(value).replace(/[^+0-9]/g, "")}`, text: value });
  return String(value);
}

// An address as text with line-break opportunities after "@" and before dots, so a long one
// wraps where a reader expects it instead of in the middle of a word.
function breakable(text) {
  return text.split(/(?<=@)|(?=\.)/).flatMap((piece, index) => (index ? [el("wbr"), piece] : [piece]));
}

function addRow(dl, term, value) {
  if (value == null || value === "") return;
  dl.append(el("dt", { text: term }), el("dd", {}, value instanceof Node ? value : document.createTextNode(String(value))));
}

// The data model's sections: each card field in declared order under its section; a group of
// fields is one row; fields the finder filters on say "not stated" when empty, others are left
// out. While the full record loads, only what the finder row knows is shown.
function fieldSections(site, { labels, kommuneName, partial }) {
  const fields = labels.publicFields(L, "card");
  const finderFields = new Set(labels.publicFields(L, "finder"));
  const lang = currentLanguage();
  return (labels.labels.sections || []).map((section) => {
    const dl = el("dl", { class: "card-fields" });
    const shownGroups = new Set();
    for (const name of fields) {
      const spec = labels.spec(L, name);
      if (spec.section !== section.name || (partial && !finderFields.has(name))) continue;
      if (spec.group) {
        if (shownGroups.has(spec.group)) continue;
        shownGroups.add(spec.group);
        const members = fields.filter((f) => labels.spec(L, f).group === spec.group);
        const allFlags = members.every((f) => labels.spec(L, f).type === "boolean");
        addRow(dl, labels.group(spec.group), allFlags ? flags(labels, members, site) : range(labels, members, site));
        continue;
      }
      const term = name === "kommunekode" ? t("kommune") : labels.field(L, name);
      addRow(dl, term, cardValue(labels, name, site, { missing: finderFields.has(name), kommuneName }));
    }
    return dl.childElementCount ? { id: section.name, title: section[lang], body: dl } : null;
  });
}

export function renderCard(card, site, labels, kommuneName, { loading = false, failed = false } = {}) {
  const fields = labels.publicFields(L, "card");
  const role = (name) => labels.spec(L, name).role;
  const title = fields.find((name) => role(name) === "title");
  card.querySelector("#card-title").textContent = site[title] ?? "";
  const confirmed = card.querySelector("#card-confirmed");
  confirmed.replaceChildren();
  const confirmedField = fields.find((name) => role(name) === "confirmed");
  if (site[confirmedField]) confirmed.append(`${t("lastConfirmed")} `, formatDate(site[confirmedField]));
  const overdue = site[confirmedField] != null && String(site[confirmedField]) < monthsAgo(OVERDUE_MONTHS);
  confirmed.classList.toggle("overdue", overdue);
  if (overdue) confirmed.append(" ", el("strong", { class: "overdue-mark", text: t("overdue") }));
  const context = { labels, kommuneName, partial: loading || failed };
  const sections = [...fieldSections(site, context), ...extraSections.map((render) => render(site, context))]
    .filter(Boolean)
    .map((section) => el("section", { class: "card-section", "aria-labelledby": `card-section-${section.id}` },
      el("h3", { id: `card-section-${section.id}`, text: section.title }), section.body));
  card.querySelector("#card-sections").replaceChildren(...sections);
  card.querySelector("#card-note").textContent = loading ? t("loadingDetails") : failed ? t("detailsError") : "";
}

// "Del": the full map's permalink to this view onto the clipboard, and a word that it is there;
// where the clipboard is closed (an insecure page, a refusal) the link is shown selected instead.
export async function sharePermalink(url, status, fallback) {
  try {
    await navigator.clipboard.writeText(url);
    fallback.hidden = true;
    status.textContent = t("linkCopied");
  } catch {
    fallback.hidden = false;
    fallback.value = url;
    fallback.focus();
    fallback.select();
    status.textContent = t("linkSelected");
  }
}
