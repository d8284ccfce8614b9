// Texts of the approval page, Danish first, English available.

// The server's ISO 8601 times (UTC) as the reader's local time, to the minute.
export function localTime(iso) {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const pad = (number) => String(number).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())} `
    + `${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

export const TEXTS = {
  da: {
    title: "Overblikskort – godkendelse", logout: "Log ud", tokenLabel: "Adgangstoken (godkender)",
    login: "Log ind", queue: "Til godkendelse", queueEmpty: "Ingen indsendelser venter.",
    mapLabel: "Kort over ændringerne", ny: "Ny", aendret: "Ændret", slettet: "Slettet",
    uaendret: "Uændret", changes: "Ændrede objekter", change: "Ændring", object: "Objekt",
    fields: "Felter (før → efter)", objectComment: "Kommentar til objektet",
    report: "Valideringsrapport", severity: "Alvor", rule: "Regel", messageCol: "Besked",
    comment: "Kommentar til kommunen", approve: "Godkend og udgiv", reject: "Afvis",
    releases: "Udgivelser for kommunen", submission: "Indsendelse", kommune: "Kommune",
    uploader: "Indsendt af", created: "Modtaget", status: "Status", ruleset: "Regelsæt",
    reportHash: "Rapport-hash", file: "Fil", geometry: "geometri",
    summary: (s) => `${s.blokerende} blokerende, ${s.advarsel} ${s.advarsel === 1 ? "advarsel" : "advarsler"}, ${s.info} info`,
    approved: (r) => `Godkendt. Udgivelse nr. ${r.number} er nu den aktuelle for kommune ${r.kommune}.`,
    rejected: "Afvist. Kommunen kan se kommentarerne.", rollback: "Rul tilbage hertil",
    rolledBack: (r) => `Udgivelse nr. ${r.number} er igen den aktuelle.`,
    current: "aktuel", releaseLine: (r) => `Nr. ${r.number} – ${localTime(r.created_at)} – ${r.created_by} – ${r.feature_count} ${r.feature_count === 1 ? "objekt" : "objekter"}`,
    notGodkender: "Kun en godkender kan godkende og afvise.", language: "English",
    staleBase: "Indsendelsen blev sammenlignet med en ældre udgivelse. Ændringerne ovenfor er nu vist mod den aktuelle udgivelse.",
    approveCurrent: "Godkend mod den aktuelle udgivelse",
    published: (time) => `Offentliggjort kl. ${time}.`, publishing: "Det offentlige kort bygges …",
    publishFailed: "Det offentlige kort kunne ikke bygges endnu; der prøves igen.",
  },
  en: {
    title: "Overblikskort – approval", logout: "Log out", tokenLabel: "Access token (approver)",
    login: "Log in", queue: "Awaiting approval", queueEmpty: "No submissions are waiting.",
    mapLabel: "Map of the changes", ny: "New", aendret: "Changed", slettet: "Deleted",
    uaendret: "Unchanged", changes: "Changed objects", change: "Change", object: "Object",
    fields: "Fields (before → after)", objectComment: "Comment on the object",
    report: "Validation report", severity: "Severity", rule: "Rule", messageCol: "Message",
    comment: "Comment to the municipality", approve: "Approve and publish", reject: "Reject",
    releases: "Releases of the municipality", submission: "Submission", kommune: "Municipality",
    uploader: "Submitted by", created: "Received", status: "Status", ruleset: "Rule set",
    reportHash: "Report hash", file: "File", geometry: "geometry",
    summary: (s) => `${s.blokerende} blocking, ${s.advarsel} ${s.advarsel === 1 ? "warning" : "warnings"}, ${s.info} info`,
    approved: (r) => `Approved. Release no. ${r.number} is now current for municipality ${r.kommune}.`,
    rejected: "Rejected. The municipality can see the comments.", rollback: "Roll back to this",
    rolledBack: (r) => `Release no. ${r.number} is current again.`,
    current: "current", releaseLine: (r) => `No. ${r.number} – ${localTime(r.created_at)} – ${r.created_by} – ${r.feature_count} ${r.feature_count === 1 ? "object" : "objects"}`,
    notGodkender: "Only an approver can approve and reject.", language: "Dansk",
    staleBase: "The submission was compared with an older release. The changes above are now shown against the current release.",
    approveCurrent: "Approve against the current release",
    published: (time) => `Published at ${time}.`, publishing: "The public map is being built …",
    publishFailed: "The public map could not be built yet; it will be retried.",
  },
};
