// A kommune's releases page (/godkend/kommuner/<kode>), whether or not a submission is queued:
// every release with who, when, public objects and what it changed; the changes of one release
// in words and on the map; rollback with a preview of what the public map will show, a
// confirmation and a second one when it re-publishes hidden or deleted objects; the audit trail.
import { el } from "./dom.js";
import { confirmAction } from "./confirm.js";
import { DiffMap, detailsOf } from "./diffmap.js";
import { renderChanges, renderCounts } from "./diffview.js";
import { localTime } from "./i18n.js";
import { $, ApiError, api, apiPath, isGodkender, kommuneName, post, session, showMessage, startPage, t } from "./session.js";

const AUDIT_PAGE = 50;
const kode = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
const page = { history: null, preview: null, shown: null, map: null, audit: [], auditNext: null };

async function loadHistory() {
  page.history = await api(`/kommuner/${kode}/releases`);
  const waiting = await api(`/submissions?status=til_godkendelse&kommune=${kode}&limit=1000`);
  renderHeader(waiting.submissions.length);
  renderReleases();
}

function renderHeader(waiting) {
  $("kommune-title").textContent = t("kommuneTitle", kommuneName(kode));
  document.title = `Overblikskort – ${t("kommuneTitle", kommuneName(kode))}`;
  const current = page.history.releases.find((release) => release.current);
  $("current-state").textContent = current ? t("currentState", current) : t("noRelease");
  $("waiting-here").hidden = !waiting;
  $("waiting-link").href = `/godkend/?kommune=${kode}`;
  $("waiting-link").textContent = t("waitingHere", waiting);
}

function renderReleases() {
  const rows = page.history.releases.map((release) => {
    const actions = el("div", { class: "release-actions" });
    const show = el("button", { type: "button", class: "link", text: t("showChanges", release.number),
      dataset: { changes: String(release.id) } });
    show.addEventListener("click", () => showChanges(release));
    actions.append(show);
    if (!release.current && isGodkender()) {
      const back = el("button", { type: "button", class: "secondary", text: t("rollbackTo", release.number),
        dataset: { rollback: String(release.id) } });
      back.addEventListener("click", () => showPreview(release));
      actions.append(back);
    }
    const changes = release.previous_release_id == null ? t("firstRelease")
      : release.changes ? t("changeCounts", release.changes.counts) : t("none");
    return el("tr", { class: release.current ? "current-row" : null, dataset: { release: String(release.id) } },
      el("th", { scope: "row", text: `${release.number}${release.current ? ` (${t("current")})` : ""}` }),
      el("td", { text: localTime(release.created_at) }), el("td", { text: release.created_by }),
      el("td", { text: t("publicCounts", release.public_counts) }),
      el("td", {}, changes, release.changes ? el("br") : null,
        release.changes ? el("small", { text: t("publicEffect", release.changes.public) }) : null), el("td", {}, actions));
  });
  $("releases").querySelector("tbody").replaceChildren(...rows);
}

async function openPanel(title, intro, diff, mapPath) {
  $("panel").hidden = false;
  $("panel-title").textContent = title;
  $("panel-intro").textContent = intro;
  renderCounts($("counts"), diff.counts);
  $("public-effect").textContent = t("publicEffect", diff.public);
  page.map = page.map || new DiffMap($("map"));
  renderChanges($("changes"), diff, { onZoom: (objektId) => page.map.zoomTo(objektId) });
  $("panel").focus();
  await page.map.show(await api(mapPath), detailsOf(diff));
}

async function showChanges(release) {
  showMessage("");
  page.preview = null;
  page.shown = { kind: "changes", release };
  $("rollback-form").hidden = true;
  $("republished").replaceChildren();
  const changes = await api(`/releases/${release.id}/changes`);
  await openPanel(t("changesOf", release.number), "", changes, `/releases/${release.id}/changes/map`);
}

function republishedList(key, items) {
  if (!items.length) return null;
  return el("div", { class: "warning", dataset: { republished: key } },
    el("p", { text: t(key === "hidden" ? "republishHidden" : "republishDeleted", items.length) }),
    el("ul", {}, ...items.map((item) => el("li", { text: `${item.navn || item.objekt_id} (${session.labels.layer(item.layer)})` }))));
}

async function showPreview(release) {
  showMessage("");
  const preview = await api(`/kommuner/${kode}/rollback/preview?release_id=${release.id}`);
  page.preview = preview;
  page.shown = { kind: "preview", release };
  $("republished").replaceChildren(...[republishedList("hidden", preview.republished.hidden),
    republishedList("deleted", preview.republished.deleted)].filter(Boolean));
  $("rollback-form").hidden = false;
  $("rollback").textContent = t("doRollback", release.number);
  $("rollback-comment").value = "";
  const against = preview.kommune_state.release_id;
  await openPanel(t("previewTitle", release.number), t("previewIntro"), preview,
    `/releases/${release.id}/changes/map${against ? `?against=${against}` : ""}`);
}

async function rollback() {
  const preview = page.preview;
  const { hidden, deleted } = preview.republished;
  const number = preview.release.number;
  if (!await confirmAction({ title: t("confirmRollbackTitle", number), lines: t("confirmRollbackLines", preview.public),
    confirmLabel: t("doRollback", number), cancelLabel: t("cancel"), danger: true })) return;
  const republishes = hidden.length + deleted.length > 0;
  if (republishes && !await confirmAction({ title: t("secondTitle"), lines: t("secondLines", hidden.length, deleted.length),
    items: [...hidden, ...deleted].map((item) => item.navn || item.objekt_id),
    confirmLabel: t("secondYes"), cancelLabel: t("cancel"), danger: true })) return;
  try {
    const answer = await post(`/kommuner/${kode}/rollback`, { release_id: preview.release.id,
      expected_version: preview.kommune_state.version, comment: $("rollback-comment").value.trim(),
      confirm_republish: republishes });
    $("result").textContent = t("rolledBack", answer.release);
    $("panel").hidden = true;
    page.preview = null;
    await Promise.all([loadHistory(), loadAudit(true)]);
  } catch (error) {
    showMessage(error instanceof ApiError && error.status === 409 && error.code === "konflikt" ? t("staleVersion") : error.message);
    await loadHistory();
    if (page.shown) await showPreview(page.shown.release);
  }
}

function auditDetails(entry) {
  const details = entry.details || {};
  const parts = [];
  if (details.status) parts.push(session.labels.status(details.status));
  if (details.file_name) parts.push(details.file_name);
  if (details.sites) parts.push(`${details.sites.length} ${t("colOverdue").toLowerCase()}`);
  if (details.comment) parts.push(`»${details.comment}«`);
  if (details.error) parts.push(details.error);
  return parts.join(" · ");
}

async function loadAudit(fresh = false) {
  if (!["godkender", "admin"].includes(session.me.role)) return;
  const path = fresh || !page.auditNext ? `/audit?kommune=${kode}&limit=${AUDIT_PAGE}` : page.auditNext;
  const answer = await api(path);
  page.audit = fresh || !page.auditNext ? answer.entries : [...page.audit, ...answer.entries];
  page.auditNext = apiPath(answer.next);
  $("more-audit").hidden = !page.auditNext;
  $("audit").querySelector("tbody").replaceChildren(...page.audit.map((entry) => el("tr", {},
    el("td", { text: localTime(entry.at) }), el("td", { text: entry.actor }),
    el("td", { text: session.labels.action(entry.action) }), el("td", { text: t("auditRef", entry) }),
    el("td", { text: auditDetails(entry) }))));
}

async function draw() {
  if (!/^\d{4}$/.test(kode)) return;
  try {
    await Promise.all([loadHistory(), loadAudit(true)]);
  } catch (error) {
    showMessage(error.message);
  }
  document.body.dataset.ready = "true";
}

$("rollback").addEventListener("click", rollback);
$("close-panel").addEventListener("click", () => { $("panel").hidden = true; page.preview = null; });
$("more-audit").addEventListener("click", () => loadAudit());
startPage({ onLogin: draw, onLanguage: async () => {
  if (!page.history) return;
  await Promise.all([loadHistory(), loadAudit(true)]);
  if (page.shown?.kind === "preview") await showPreview(page.shown.release);
  else if (page.shown && !$("panel").hidden) await showChanges(page.shown.release);
} });
