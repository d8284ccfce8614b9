// What every approval page shares: the token (session storage only), the API calls, the
// language, the header (login, logout, language) and the labels of the data model.
import { getJson } from "./dom.js";
import { TEXTS } from "./i18n.js";
import { ReviewLabels } from "./labels.js";

export const $ = (id) => document.getElementById(id);

export const session = {
  lang: localStorage.getItem("godkend.lang") || "da",
  token: sessionStorage.getItem("godkend.token"),
  me: null, labels: null, kommuner: new Map(),
};

export function t(key, ...values) {
  const text = TEXTS[session.lang][key];
  return typeof text === "function" ? text(...values) : text;
}

// "Aarhus (0751)", or the code alone when the name is not known.
export function kommuneName(kode) {
  const name = session.kommuner.get(kode);
  return name ? `${name} (${kode})` : String(kode ?? "");
}

export function showMessage(text) {
  $("message").textContent = text || "";
  $("message").hidden = !text;
}

export class ApiError extends Error {
  constructor(message, code, status) { super(message); this.code = code; this.status = status; }
}

export async function api(path, options = {}) {
  const response = await fetch(`/api/v1${path}`, { ...options, headers: {
    Authorization: `Bearer ${session.token}`, ...(options.body ? { "Content-Type": "application/json" } : {}) } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error || {};
    const text = session.lang === "da" ? error.message_da : error.message_en;
    throw new ApiError(text || response.statusText, error.code, response.status);
  }
  return body;
}

export function post(path, body) {
  return api(path, { method: "POST", body: JSON.stringify(body) });
}

// Every page of a paged listing, following its `next` links (the API bounds each page).
export async function everyPage(path, key) {
  const rows = [];
  for (let next = path; next;) {
    const page = await api(next);
    rows.push(...page[key]);
    next = apiPath(page.next);
  }
  return rows;
}

export function apiPath(next) {
  const url = next && new URL(next, location.href);
  return url ? url.pathname.replace(/^\/api\/v1/, "") + url.search : null;
}

export function applyTexts() {
  document.documentElement.lang = session.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  $("language").textContent = t("language");
  $("language").lang = session.lang === "da" ? "en" : "da";
}

async function login(token, onLogin) {
  session.token = token;
  try {
    session.me = await api("/me");
  } catch (error) {
    session.token = null;
    sessionStorage.removeItem("godkend.token");
    showMessage(error.message);
    return;
  }
  sessionStorage.setItem("godkend.token", token);
  showMessage("");
  $("who").textContent = `${session.me.name} (${session.me.role})`;
  $("login").hidden = true;
  $("logout").hidden = false;
  $("workspace").hidden = false;
  const [labels, kommuner] = await Promise.all([getJson("/godkend/app/labels.json"), api("/kommuner")]);
  session.labels = new ReviewLabels(labels, () => session.lang);
  session.kommuner = new Map(kommuner.kommuner.map((k) => [k.kommune, k.navn]));
  await onLogin();
}

// Wires the header and the login form; `onLogin` draws the page, `onLanguage` redraws it.
export function startPage({ onLogin, onLanguage }) {
  applyTexts();
  $("login").addEventListener("submit", (event) => { event.preventDefault(); login($("token").value.trim(), onLogin); });
  $("logout").addEventListener("click", () => { sessionStorage.removeItem("godkend.token"); location.reload(); });
  $("language").addEventListener("click", async () => {
    session.lang = session.lang === "da" ? "en" : "da";
    localStorage.setItem("godkend.lang", session.lang);
    applyTexts();
    if (session.me) await onLanguage();
  });
  if (session.token) login(session.token, onLogin);
}

export const isGodkender = () => session.me?.role === "godkender";
