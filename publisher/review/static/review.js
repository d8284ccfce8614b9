// The approval page: the queue, a submission's report, its changes in words and on the map,
// approve / reject with comments after a confirmation that says what the public map will get.
// ?kommune=0751 shows that kommune's queue; #indsendelse=12 opens a submission.
import { el } from "./dom.js";
import { confirmAction } from "./confirm.js";
import { DiffMap, detailsOf } from "./diffmap.js";
import { objectNames, renderChanges, renderCounts, renderFindings } from "./diffview.js";
import { localTime } from "./i18n.js";
import { $, api, everyPage, isGodkender, kommuneName, post, session, showMessage, startPage, t } from "./session.js";

const page = { detail: null, map: null, filter: new URLSearchParams(location.search).get("kommune") };

async function loadQueue(selected) {
  const filter = page.filter && /^\d{4}$/.test(page.filter) ? `&kommune=${page.filter}` : "";
  const submissions = await everyPage(`/submissions?status=til_godkendelse${filter}`, "submissions");
  $("queue-title").textContent = filter ? t("queueFor", kommuneName(page.filter)) : t("queue");
  $("queue-all").hidden = !filter;
  $("queue-list").replaceChildren(...submissions.map((submission) => {
    const button = el("button", { type: "button", dataset: { submission: String(submission.id) } },
      el("span", { class: "queue-kommune", text: kommuneName(submission.kommune) }),
      ` – #${submission.id} – ${submission.file_name}`, el("br"),
      el("small", { text: `${session.labels.kind(submission.kind)} · ${submission.uploader}, ${localTime(submission.created_at)}` }));
    if (submission.id === selected) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => openSubmission(submission.id));
    return el("li", {}, button);
  }));
  $("queue-empty").hidden = submissions.length > 0;
}

async function openSubmission(id) {
  showMessage("");
  $("result").textContent = "";
  const detail = await api(`/submissions/${id}`);
  page.detail = detail;
  history.replaceState(null, "", `${location.pathname}${location.search}#indsendelse=${id}`);
  for (const button of document.querySelectorAll("#queue-list button")) {
    button.setAttribute("aria-current", String(button.dataset.submission === String(id)));
  }
  $("detail").hidden = false;
  $("detail-title").textContent = `${t("submission")} #${detail.id} – ${kommuneName(detail.kommune)}`;
  renderFacts(detail);
  renderCounts($("counts"), detail.diff.counts);
  $("public-effect").textContent = t("publicEffect", detail.diff.public);
  const confirmation = detail.kind === "bekraeftelse";
  $("kind-note").hidden = !confirmation;
  if (confirmation) $("kind-note").textContent = t("confirmationNote", detail.diff.counts.changed);
  renderChanges($("changes"), detail.diff, { commentable: true, onZoom: (objektId) => page.map.zoomTo(objektId) });
  $("report-summary").textContent = `${t("ruleset")} ${detail.report.ruleset_version}: ${t("summary", detail.report.summary)}`;
  renderFindings($("findings"), detail.report, objectNames(detail.diff));
  $("comment").value = "";
  const decidable = detail.status === "til_godkendelse" && isGodkender();
  $("approve").disabled = !decidable;
  $("reject").disabled = !decidable;
  $("stale").hidden = !(decidable && detail.stale_base);
  const link = $("releases-link");
  link.href = `/godkend/kommuner/${encodeURIComponent(detail.kommune)}`;
  link.textContent = t("releasesLink", kommuneName(detail.kommune));
  page.map = page.map || new DiffMap($("map"));
  const geojson = await api(`/submissions/${id}/map`);
  await Promise.all([page.map.show(geojson, detailsOf(detail.diff)), renderReleases(detail.kommune)]);
}

function renderFacts(detail) {
  const rows = [["status", session.labels.status(detail.status)], ["uploader", detail.uploader],
                ["created", localTime(detail.created_at)], ["file", detail.file_name],
                ["kind", session.labels.kind(detail.kind)], ["ruleset", detail.ruleset_version],
                ["reportHash", detail.report_hash]];
  $("facts").replaceChildren(...rows.flatMap(([key, value]) => [el("dt", { text: t(key) }), el("dd", { text: value })]));
}

async function renderReleases(kommune) {
  const { releases } = await api(`/kommuner/${kommune}/releases`);
  $("releases").replaceChildren(...releases.map((release) => el("li", { dataset: { release: String(release.id) },
    text: `${t("releaseLine", release)}${release.current ? ` (${t("current")})` : ""}` })));
}

function decisionBody() {
  const objectComments = [...document.querySelectorAll("#changes input[data-objekt-id]")]
    .filter((input) => input.value.trim())
    .map((input) => ({ objekt_id: input.dataset.objektId, comment: input.value.trim() }));
  return { comment: $("comment").value.trim(), object_comments: objectComments,
           expected_version: page.detail.kommune_state.version };
}

// kind: "approve", "approve-current" (against the current release, after a stale base) or
// "reject"; each is confirmed first, saying what the public map will get.
async function decide(kind) {
  const detail = page.detail;
  const subject = { id: detail.id, kommune: kommuneName(detail.kommune) };
  const approving = kind !== "reject";
  const confirmed = await confirmAction({
    title: t(approving ? "confirmApproveTitle" : "confirmRejectTitle", subject),
    lines: approving ? t("confirmApproveLines", detail.diff.public) : t("confirmRejectLines", $("comment").value.trim()),
    confirmLabel: t(approving ? "approve" : "reject"), cancelLabel: t("cancel"), danger: !approving });
  if (!confirmed) return;
  showMessage("");
  const body = kind === "approve-current" ? { ...decisionBody(), against_release_id: detail.diff.against_release_id }
    : decisionBody();
  try {
    const answer = await post(`/submissions/${detail.id}/${approving ? "approve" : "reject"}`, body);
    const decided = approving ? t("approved", answer.release) : t("rejected");
    $("result").textContent = decided;
    $("approve").disabled = true;
    $("reject").disabled = true;
    $("stale").hidden = true;
    await loadQueue(detail.id);
    await renderReleases(detail.kommune);
    if (answer.kommune_state) await awaitPublication(answer.kommune_state.kommune, decided);
  } catch (error) {
    // A newer release came first: show the changes against the current release again.
    if (error.code === "foraeldet_grundlag") await openSubmission(detail.id);
    showMessage(error.message);
  }
}

// The public build runs in the background after an approval: say when it is live.
const PUBLICATION_CHANNEL = "overblikskort.publication";
async function awaitPublication(kommune, decided) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const { public: shown } = await api(`/kommuner/${kommune}/releases`);
    if (!shown || shown.live) {
      if (shown) {
        $("result").textContent = `${decided} ${t("published", localTime(shown.published_at).slice(11))}`;
        // Public maps open in this browser's other tabs offer the new data at once.
        new BroadcastChannel(PUBLICATION_CHANNEL).postMessage({ type: "published", kommune });
      }
      return;
    }
    $("result").textContent = `${decided} ${t(shown.worker?.state === "fejlede" ? "publishFailed" : "publishing")}`;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function draw() {
  if (!isGodkender()) showMessage(t("notGodkender"));
  const open = Number(new URLSearchParams(location.hash.slice(1)).get("indsendelse"));
  await loadQueue(open || undefined);
  if (open) await openSubmission(open);
}

$("approve").addEventListener("click", () => decide("approve"));
$("approve-current").addEventListener("click", () => decide("approve-current"));
$("reject").addEventListener("click", () => decide("reject"));
startPage({ onLogin: draw, onLanguage: async () => {
  await loadQueue(page.detail?.id);
  if (page.detail) await openSubmission(page.detail.id);
} });
