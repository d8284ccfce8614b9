// The readable diff: changed objects with their labels (new and deleted objects with their key
// attributes, changed fields as before → after) and the validation findings grouped as the
// plugin groups them (severity, then rule). Every value goes in as text.
import { el } from "./dom.js";
import { session, t } from "./session.js";

// The most changed objects listed at once; the counts above always cover all of them.
export const MAX_ROWS = 500;
const KINDS = [["new", "ny"], ["changed", "aendret"], ["deleted", "slettet"]];

const labels = () => session.labels;

export function changeRows(diff) {
  return KINDS.flatMap(([key, kind]) => (diff[key] || []).map((item) => ({ kind, item })));
}

function attributeList(item) {
  const entries = labels().readable(item.layer, item.attributes || {});
  if (!entries.length) return null;
  return el("dl", { class: "attrs" }, ...entries.flatMap(([label, text]) => [
    el("dt", { text: label }), el("dd", { text })]));
}

function fieldChanges(item) {
  const list = el("ul", { class: "field-changes" }, ...(item.fields || []).map((change) => el("li", {},
    el("span", { class: "field", text: `${labels().field(item.layer, change.field)}: ` }),
    el("span", { class: "before", text: labels().value(item.layer, change.field, change.old) }),
    el("span", { class: "arrow", text: " → " }),
    el("span", { class: "after", text: labels().value(item.layer, change.field, change.new) }))));
  if (item.geometry_changed) list.append(el("li", { class: "geometry", text: t("geometry") }));
  return list;
}

function objectCell(item, onZoom) {
  const cell = el("td", { class: "object", role: "cell" },
    el("span", { class: "object-name", text: item.navn || item.objekt_id || "" }),
    el("br"), el("small", { text: `${labels().layer(item.layer)} · ${item.objekt_id ?? ""}` }));
  if (onZoom && item.objekt_id) {
    const button = el("button", { type: "button", class: "link zoom", text: t("zoom"),
      "aria-label": t("zoomTo", item.navn || item.objekt_id), dataset: { zoom: item.objekt_id } });
    button.addEventListener("click", () => onZoom(item.objekt_id));
    cell.append(el("br"), button);
  }
  return cell;
}

// Rows of the changes table; `commentable` adds the per-object comment input.
export function renderChanges(table, diff, { commentable = false, onZoom = null } = {}) {
  const body = table.querySelector("tbody");
  const rows = changeRows(diff);
  const columns = table.querySelectorAll("thead th").length;
  body.replaceChildren(...rows.slice(0, MAX_ROWS).map(({ kind, item }) => {
    const row = el("tr", { role: "row", dataset: { objektId: item.objekt_id ?? "", kind } },
      el("td", { role: "cell" }, el("span", { class: `badge ${kind}`, text: t(kind) })),
      objectCell(item, onZoom),
      el("td", { role: "cell" }, kind === "aendret" ? fieldChanges(item) : attributeList(item)));
    if (commentable) {
      row.append(el("td", { role: "cell" }, el("input", { type: "text", maxlength: "4000", "data-objekt-id": item.objekt_id,
        "aria-label": `${t("objectComment")}: ${item.navn || item.objekt_id}` })));
    }
    return row;
  }));
  const note = (text) => el("tr", { role: "row" }, el("td", { role: "cell", colspan: String(columns), text }));
  if (!rows.length) body.append(note(t("noChanges")));
  if (rows.length > MAX_ROWS) body.append(note(`… +${rows.length - MAX_ROWS}`));
}

export function renderCounts(list, counts) {
  list.replaceChildren(...[["new", "ny"], ["changed", "aendret"], ["deleted", "slettet"], ["unchanged", "uaendret"]]
    .map(([key, label]) => el("li", { dataset: { count: label } },
      el("span", { class: `swatch ${label}`, "aria-hidden": "true" }), `${t(label)}: ${counts[key]}`)));
}

// The findings grouped by severity and rule, as in the plugin's Kontrol dock; "Ingen fund" when
// there are none. `names` maps objekt_id to the object's name.
export function renderFindings(container, report, names = new Map()) {
  const findings = report.findings || [];
  if (!findings.length) {
    container.replaceChildren(el("p", { class: "no-findings", text: t("noFindings") }));
    return;
  }
  const groups = [];
  for (const severity of labels().severities()) {
    const ofSeverity = findings.filter((finding) => finding.severity === severity);
    if (!ofSeverity.length) continue;
    const byRule = new Map();
    for (const finding of ofSeverity) byRule.set(finding.rule, [...(byRule.get(finding.rule) || []), finding]);
    groups.push(el("section", { class: `severity ${severity}`, dataset: { severity } },
      el("h4", { text: `${labels().severity(severity)} (${ofSeverity.length})` }),
      ...[...byRule.keys()].sort().map((rule) => el("details", { open: "", dataset: { rule } },
        el("summary", { text: `${rule} ${labels().rule(rule)} (${byRule.get(rule).length})` }),
        el("ul", {}, ...byRule.get(rule).map((finding) => findingItem(finding, names)))))));
  }
  container.replaceChildren(...groups);
}

function findingItem(finding, names) {
  const da = session.lang === "da";
  const place = finding.objekt_id ? names.get(finding.objekt_id) || finding.objekt_id
    : finding.feature ? `${finding.layer ? labels().layer(finding.layer) : ""} #${finding.feature}` : "";
  const item = el("li", { class: "finding" });
  if (place) item.append(el("strong", { text: `${place}: ` }));
  item.append(da ? finding.message_da : finding.message_en);
  const fix = da ? finding.fix_da : finding.fix_en;
  if (fix) item.append(el("br"), el("small", { text: `${t("howToFix")}: ${fix}` }));
  return item;
}

export function objectNames(diff) {
  return new Map(changeRows(diff).concat((diff.unchanged || []).map((item) => ({ item })))
    .map(({ item }) => [item.objekt_id, item.navn || item.objekt_id]));
}
