// The approval page: queue, report, map of the changes, approve / reject with comments.
// Every value from the server is written with textContent, never as HTML.
import * as maplibregl from "/godkend/vendor/maplibre-gl.mjs";
import { TEXTS, localTime } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const state = { lang: localStorage.getItem("godkend.lang") || "da", token: sessionStorage.getItem("godkend.token"),
                me: null, detail: null, map: null };
const t = (key, value) => { const text = TEXTS[state.lang][key]; return typeof text === "function" ? text(value) : text; };

function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function showMessage(text) {
  $("message").textContent = text || "";
  $("message").hidden = !text;
}

async function api(path, options = {}) {
  const response = await fetch(`/api/v1${path}`, { ...options, headers: {
    Authorization: `Bearer ${state.token}`, ...(options.body ? { "Content-Type": "application/json" } : {}) } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error || {};
    throw Object.assign(new Error(state.lang === "da" ? error.message_da || response.statusText
      : error.message_en || response.statusText), { code: error.code, status: response.status });
  }
  return body;
}

function applyTexts() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  $("language").textContent = t("language");
  $("language").lang = state.lang === "da" ? "en" : "da";
}

async function login(token) {
  state.token = token;
  try {
    state.me = await api("/me");
  } catch (error) {
    state.token = null;
    sessionStorage.removeItem("godkend.token");
    showMessage(error.message);
    return;
  }
  sessionStorage.setItem("godkend.token", token);
  showMessage("");
  $("who").textContent = `${state.me.name} (${state.me.role})`;
  $("login").hidden = true;
  $("logout").hidden = false;
  $("workspace").hidden = false;
  if (state.me.role !== "godkender") showMessage(t("notGodkender"));
  await loadQueue();
}

async function everyPage(path, key) {
  const rows = [];
  for (let next = path; next;) {
    const page = await api(next);
    rows.push(...page[key]);
    const url = page.next && new URL(page.next, location.href);
    next = url ? url.pathname.replace(/^\/api\/v1/, "") + url.search : null;
  }
  return rows;
}

async function loadQueue(selected) {
  const submissions = await everyPage("/submissions?status=til_godkendelse", "submissions");
  const list = $("queue-list");
  list.replaceChildren();
  $("queue-empty").hidden = submissions.length > 0;
  for (const submission of submissions) {
    const button = el("button", `${t("kommune")} ${submission.kommune} – #${submission.id} – ${submission.file_name}`,
      { type: "button", "data-submission": String(submission.id) });
    button.append(el("br"), el("small", `${submission.uploader}, ${localTime(submission.created_at)}`));
    if (submission.id === selected) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => openSubmission(submission.id));
    const item = el("li");
    item.append(button);
    list.append(item);
  }
}

async function openSubmission(id) {
  showMessage("");
  $("result").textContent = "";
  const detail = await api(`/submissions/${id}`);
  state.detail = detail;
  for (const button of document.querySelectorAll("#queue-list button")) {
    button.setAttribute("aria-current", String(button.dataset.submission === String(id)));
  }
  $("detail").hidden = false;
  $("detail-title").textContent = `${t("submission")} #${detail.id} – ${t("kommune")} ${detail.kommune}`;
  renderFacts(detail);
  renderCounts(detail.diff.counts);
  renderChanges(detail.diff);
  renderFindings(detail.report);
  $("comment").value = "";
  const decidable = detail.status === "til_godkendelse" && state.me.role === "godkender";
  $("approve").disabled = !decidable;
  $("reject").disabled = !decidable;
  $("stale").hidden = !(decidable && detail.stale_base);
  await Promise.all([renderMap(id), renderReleases(detail.kommune)]);
}

function renderFacts(detail) {
  const facts = $("facts");
  facts.replaceChildren();
  const rows = [["status", detail.status], ["uploader", detail.uploader], ["created", localTime(detail.created_at)],
                ["file", detail.file_name], ["ruleset", detail.ruleset_version], ["reportHash", detail.report_hash]];
  for (const [key, value] of rows) facts.append(el("dt", t(key)), el("dd", value));
}

function renderCounts(counts) {
  const list = $("counts");
  list.replaceChildren();
  for (const [key, label] of [["new", "ny"], ["changed", "aendret"], ["deleted", "slettet"], ["unchanged", "uaendret"]]) {
    list.append(el("li", `${t(label)}: ${counts[key]}`, { "data-count": label }));
  }
}

function renderChanges(diff) {
  const body = $("changes").querySelector("tbody");
  body.replaceChildren();
  const rows = [...diff.new.map((item) => ["ny", item]), ...diff.changed.map((item) => ["aendret", item]),
                ...diff.deleted.map((item) => ["slettet", item])];
  for (const [kind, item] of rows) {
    const row = el("tr", null, { "data-objekt-id": item.objekt_id });
    const object = el("td", item.navn || item.objekt_id);
    object.append(el("br"), el("small", `${item.layer} ${item.objekt_id}`));
    row.append(el("td", t(kind)), object);
    const fields = el("td");
    for (const change of item.fields || []) {
      fields.append(el("div", `${change.field}: ${change.old ?? "–"} → ${change.new ?? "–"}`));
    }
    if (item.geometry_changed) fields.append(el("div", t("geometry")));
    const input = el("input", null, { type: "text", maxlength: "4000", "data-objekt-id": item.objekt_id,
                                      "aria-label": `${t("objectComment")} ${item.objekt_id}` });
    const commentCell = el("td");
    commentCell.append(input);
    row.append(fields, commentCell);
    body.append(row);
  }
}

function renderFindings(report) {
  $("report-summary").textContent = `${t("ruleset")} ${report.ruleset_version}: ${t("summary", report.summary)}`;
  const body = $("findings").querySelector("tbody");
  body.replaceChildren();
  for (const finding of report.findings) {
    const row = el("tr");
    row.append(el("td", finding.severity), el("td", finding.rule),
               el("td", finding.objekt_id || (finding.feature ? `#${finding.feature}` : "")),
               el("td", state.lang === "da" ? finding.message_da : finding.message_en));
    body.append(row);
  }
}

const COLOURS = ["match", ["get", "aendring"], "ny", "#1a7f37", "aendret", "#b35900", "slettet", "#c62828", "#9e9e9e"];

async function renderMap(id) {
  const data = await api(`/submissions/${id}/map`);
  if (!state.map) {
    state.map = new maplibregl.Map({ container: "map", attributionControl: false, style: {
      version: 8, sources: { diff: { type: "geojson", data } },
      layers: [
        { id: "baggrund", type: "background", paint: { "background-color": "#f4f1ea" } },
        { id: "kommune", type: "line", source: "diff", filter: ["==", ["get", "aendring"], "kommunegraense"],
          paint: { "line-color": "#0b3d5c", "line-width": 2 } },
        { id: "flader", type: "fill", source: "diff", filter: ["!=", ["get", "aendring"], "kommunegraense"],
          paint: { "fill-color": COLOURS, "fill-opacity": 0.55 } },
        { id: "kanter", type: "line", source: "diff", filter: ["!=", ["get", "aendring"], "kommunegraense"],
          paint: { "line-color": COLOURS, "line-width": 2 } },
        { id: "punkter", type: "circle", source: "diff", filter: ["==", ["geometry-type"], "Point"],
          paint: { "circle-color": COLOURS, "circle-radius": 6 } },
      ] } });
    state.map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    state.map.on("load", () => { document.body.dataset.mapLoaded = "true"; });
  } else {
    state.map.getSource("diff").setData(data);
  }
  const objects = data.features.filter((f) => f.properties.aendring !== "kommunegraense");
  const bounds = boundsOf(objects.length ? objects : data.features);
  if (bounds) state.map.fitBounds(bounds, { padding: 40, duration: 0, maxZoom: 16 });
  document.body.dataset.mapFeatures = String(objects.length);
}

function boundsOf(features) {
  let box = null;
  const visit = (coordinates) => {
    if (typeof coordinates[0] === "number") {
      const [x, y] = coordinates;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    } else coordinates.forEach(visit);
  };
  for (const feature of features) if (feature.geometry) visit(feature.geometry.coordinates);
  return box && [[box[0], box[1]], [box[2], box[3]]];
}

async function renderReleases(kommune) {
  const { releases, kommune_state: current } = await api(`/kommuner/${kommune}/releases`);
  const list = $("releases");
  list.replaceChildren();
  for (const release of releases) {
    const item = el("li", `${t("releaseLine", release)}${release.current ? ` (${t("current")})` : ""}`,
                    { "data-release": String(release.id) });
    if (!release.current && state.me.role === "godkender") {
      const button = el("button", t("rollback"), { type: "button" });
      button.addEventListener("click", () => decide(() => api(`/kommuner/${kommune}/rollback`, { method: "POST",
        body: JSON.stringify({ release_id: release.id, expected_version: current.version }) }),
        (answer) => t("rolledBack", answer.release)));
      item.append(" ", button);
    }
    list.append(item);
  }
}

function decisionBody() {
  const objectComments = [...document.querySelectorAll("#changes input[data-objekt-id]")]
    .filter((input) => input.value.trim())
    .map((input) => ({ objekt_id: input.dataset.objektId, comment: input.value.trim() }));
  return { comment: $("comment").value.trim(), object_comments: objectComments,
           expected_version: state.detail.kommune_state.version };
}

async function decide(request, describe) {
  showMessage("");
  try {
    const answer = await request();
    $("result").textContent = describe(answer);
    $("approve").disabled = true;
    $("reject").disabled = true;
    $("stale").hidden = true;
    await loadQueue(state.detail.id);
    await renderReleases(state.detail.kommune);
    if (answer.kommune_state) await awaitPublication(answer.kommune_state.kommune, describe(answer));
  } catch (error) {
    if (error.code === "foraeldet_grundlag") {
      // A newer release came first: show the changes against the current release again.
      await openSubmission(state.detail.id);
    }
    showMessage(error.message);
  }
}

// The public build runs in the background after an approval or rollback: say when it is live.
async function awaitPublication(kommune, decided) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const { public: shown } = await api(`/kommuner/${kommune}/releases`);
    if (shown.live) {
      $("result").textContent = `${decided} ${t("published", localTime(shown.published_at).slice(11))}`;
      return;
    }
    $("result").textContent = `${decided} ${t(shown.worker?.state === "fejlede" ? "publishFailed" : "publishing")}`;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function start() {
  applyTexts();
  $("login").addEventListener("submit", (event) => { event.preventDefault(); login($("token").value.trim()); });
  $("logout").addEventListener("click", () => { sessionStorage.removeItem("godkend.token"); location.reload(); });
  $("language").addEventListener("click", async () => {
    state.lang = state.lang === "da" ? "en" : "da";
    localStorage.setItem("godkend.lang", state.lang);
    applyTexts();
    if (state.detail) await openSubmission(state.detail.id);
  });
  $("approve").addEventListener("click", () => decide(() => api(`/submissions/${state.detail.id}/approve`,
    { method: "POST", body: JSON.stringify(decisionBody()) }), (answer) => t("approved", answer.release)));
  $("approve-current").addEventListener("click", () => decide(() => api(`/submissions/${state.detail.id}/approve`,
    { method: "POST", body: JSON.stringify({ ...decisionBody(), against_release_id: state.detail.diff.against_release_id }) }),
    (answer) => t("approved", answer.release)));
  $("reject").addEventListener("click", () => decide(() => api(`/submissions/${state.detail.id}/reject`,
    { method: "POST", body: JSON.stringify(decisionBody()) }), () => t("rejected")));
  if (state.token) login(state.token);
}

start();
