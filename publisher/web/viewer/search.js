// The search box: an ARIA combobox (WAI-ARIA 1.2 "list autocomplete") over search.json's kommuner,
// sites and any other named places the build loaded (lokalplaner, towns …). Matching folds case
// and diacritics with the Danish equivalences å = aa, ø = o = oe, æ = ae, so "århus", "AARHUS"
// and "mollevej" find Aarhus and Møllevej.
import { el } from "./dom.js";
import { t } from "./i18n.js";

const MAX_RESULTS = 8;
const MIN_LENGTH = 1;

// One spelling for the ways a Dane types a name: lower case, å → aa, æ → ae, ø and oe → o, other
// accents dropped, punctuation and runs of spaces as one space.
export function fold(text) {
  return String(text ?? "").toLowerCase()
    .replace(/å/g, "aa").replace(/æ/g, "ae").replace(/ø/g, "o").replace(/oe/g, "o")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ").trim();
}

// The entries of search.json as {kind, navn, bbox, objekt_id?, kommunekode?, folded}: kommuner and
// sites, then every other list of named places it carries (each entry with navn and bbox).
export function searchEntries(index) {
  const entries = [];
  for (const [group, list] of Object.entries(index || {})) {
    if (!Array.isArray(list)) continue;
    const kind = group === "kommuner" ? "kommune" : group === "sites" ? "site" : group;
    for (const entry of list) {
      if (!entry?.navn || !entry.bbox) continue;
      entries.push({ ...entry, kind: entry.layer === "industripark_kandidat" ? "industripark" : kind, folded: fold(entry.navn) });
    }
  }
  return entries;
}

const KIND_ORDER = { kommune: 0, site: 1, industripark: 2 };

// Entries whose name has every word of the query as the start of a word (or, for one word, anywhere
// in it), best first: whole-name matches, then name starts, then kommuner before sites before others.
export function findEntries(entries, query) {
  const words = fold(query).split(" ").filter(Boolean);
  if (!words.length || fold(query).length < MIN_LENGTH) return [];
  const scored = [];
  for (const entry of entries) {
    const name = entry.folded;
    const starts = words.every((word) => name.startsWith(word) || name.includes(" " + word));
    if (!starts && !(words.length === 1 && name.includes(words[0]))) continue;
    const whole = name === words.join(" ") ? 0 : name.startsWith(words[0]) ? 1 : starts ? 2 : 3;
    scored.push([whole, KIND_ORDER[entry.kind] ?? 3, entry.navn.length, entry]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return scored.slice(0, MAX_RESULTS).map((row) => row[3]);
}

function kindLabel(kind) {
  return { kommune: t("kommuneResult"), site: t("siteResult"), industripark: t("parkResult"), lokalplaner: t("lokalplanResult"),
    byer: t("townResult") }[kind] ?? t("placeResult");
}

// The combobox behaviour: ArrowDown/ArrowUp move the active option (aria-activedescendant, the
// focus stays in the input), Enter chooses it (or the first), Escape closes the list and, pressed
// again, clears the input; a click chooses too.
export class SearchBox {
  constructor({ input, list, status, load, onChoose }) {
    Object.assign(this, { input, list, status, load, onChoose });
    this.results = [];
    this.active = -1;
    this.entries = null;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("searchLabel"));
    input.addEventListener("focus", () => { this.index().catch(() => {}); });
    input.addEventListener("input", () => { this.update().catch(() => { this.status.textContent = t("searchError"); }); });
    input.addEventListener("keydown", (event) => this.key(event));
    input.addEventListener("blur", () => setTimeout(() => { if (!this.list.contains(document.activeElement)) this.close(); }, 150));
    list.addEventListener("mousedown", (event) => event.preventDefault());
    list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  async index() {
    if (!this.entries) this.entries = searchEntries(await this.load());
    return this.entries;
  }

  // The answer is for the text typed when the index arrives.
  async update() {
    const entries = await this.index();
    this.results = findEntries(entries, this.input.value);
    this.active = -1;
    this.render();
    this.status.textContent = this.input.value.trim() ? t("searchCount", this.results.length) : "";
    return this.results;
  }

  render() {
    this.list.replaceChildren(...this.results.map((result, index) => el("li", {
      role: "option", id: `search-option-${index}`, class: "search-result", "aria-selected": String(index === this.active),
      dataset: { index: String(index) },
    }, el("span", { class: "result-kind", text: kindLabel(result.kind) }), el("span", { class: "result-name", text: result.navn }))));
    const open = this.results.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (this.active >= 0) this.input.setAttribute("aria-activedescendant", `search-option-${this.active}`);
    else this.input.removeAttribute("aria-activedescendant");
    this.list.querySelector("[aria-selected=true]")?.scrollIntoView({ block: "nearest" });
  }

  move(step) {
    if (!this.results.length) return;
    const count = this.results.length;
    this.active = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
    this.render();
  }

  async key(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.list.hidden) await this.update();
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const results = this.active >= 0 ? this.results : await this.update();
      if (results.length) this.choose(Math.max(this.active, 0));
    } else if (event.key === "Escape") {
      if (!this.list.hidden) this.close();
      else this.input.value = "";
    }
  }

  choose(index) {
    const result = this.results[index];
    if (!result) return;
    this.input.value = result.navn;
    this.close();
    this.onChoose(result);
  }

  close() {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  relabel() {
    this.list.setAttribute("aria-label", t("searchLabel"));
    if (!this.list.hidden) this.render();
  }
}
