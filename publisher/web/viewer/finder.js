// The site list: the finder rows that pass the filters, in the chosen order, with their kommune.
// Rows are kept by site id between renders, so a filter change never swaps the button under a
// pointer that is pressing it (the first click after typing a number used to be lost), and the
// count is announced politely once the typing has settled.
import { el } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";

export const PAGE_SIZE = 100;
const ANNOUNCE_AFTER_MS = 700;
export const DISTANCE = "afstand";

const locale = () => (currentLanguage() === "da" ? "da-DK" : "en-GB");
const formatNumber = (value) => (value == null ? t("unknown") : Number(value).toLocaleString(locale(), { maximumFractionDigits: 0 }));

// The sort orders the data model declares (labels.json: fields with "sort"), then distance to the
// map's centre; the first is the default.
export function sortOrders(labels) {
  const orders = Object.entries(labels.labels.fields.erhvervsareal || {})
    .filter(([, spec]) => spec.sort)
    .map(([field, spec]) => ({ key: spec.sort.key, field, descending: spec.sort.descending, label: () => spec.sort[currentLanguage()] }));
  return [...orders, { key: DISTANCE, label: () => t("sortDistance") }];
}

function compareBy(order, centre) {
  if (order.key === DISTANCE) {
    const distance = (site) => {
      const lon = (site.bbox[0] + site.bbox[2]) / 2;
      const lat = (site.bbox[1] + site.bbox[3]) / 2;
      const dx = (lon - centre.lng) * Math.cos((centre.lat * Math.PI) / 180);
      return dx * dx + (lat - centre.lat) ** 2;
    };
    return (a, b) => distance(a) - distance(b);
  }
  const sign = order.descending ? -1 : 1;
  return (a, b) => {
    const x = a[order.field];
    const y = b[order.field];
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  };
}

export class SiteList {
  constructor({ list, count, more, sortSelect, onOpen }) {
    Object.assign(this, { list, count, more, sortSelect, onOpen });
    this.limit = PAGE_SIZE;
    this.rows = new Map();
    this.announceTimer = null;
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button.site");
      if (button) this.onOpen(button.dataset.id);
    });
    more.addEventListener("click", () => { this.limit += PAGE_SIZE; this.onMore?.(); });
  }

  renderSortOptions(orders, chosen) {
    this.sortSelect.replaceChildren(...orders.map((order) => el("option", { value: order.key, text: order.label() })));
    this.sortSelect.value = chosen;
  }

  row(site, labels, kommuneName) {
    let item = this.rows.get(site.objekt_id);
    if (!item) {
      item = el("li", {}, el("button", { type: "button", class: "site", dataset: { id: site.objekt_id } },
        el("span", { class: "site-name" }), el("span", { class: "site-meta" })));
      this.rows.set(site.objekt_id, item);
    }
    const button = item.firstChild;
    button.querySelector(".site-name").textContent = site.navn ?? "";
    const parts = [kommuneName || site.kommunekode, labels.code("erhvervsareal", "status", site.status),
      `${formatNumber(site.ledigt_areal_m2)} m² ${t("freeArea")}`];
    if (site.pris_kr_m2 != null) parts.push(t("priceUnit", formatNumber(site.pris_kr_m2)));
    button.querySelector(".site-meta").textContent = parts.join(" · ");
    return item;
  }

  // Shows `sites` (already filtered) in `order`; only rows that change place are moved.
  render(sites, { order, centre, labels, kommuneNames, selected }) {
    const sorted = [...sites].sort(compareBy(order, centre));
    const shown = sorted.slice(0, this.limit);
    const wanted = shown.map((site) => this.row(site, labels, kommuneNames[site.kommunekode]));
    const keep = new Set(wanted);
    for (const child of [...this.list.children]) if (!keep.has(child)) child.remove();
    wanted.forEach((item, index) => {
      if (this.list.children[index] !== item) this.list.insertBefore(item, this.list.children[index] ?? null);
      const button = item.firstChild;
      if (button.dataset.id === selected) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    });
    this.more.hidden = sorted.length <= this.limit;
    this.announce(sorted.length, shown.length);
    return sorted;
  }

  // The count: shown at once, re-set for screen readers (aria-live polite) once typing pauses.
  announce(total, shown) {
    const text = total ? t("count", shown, total) : t("none");
    clearTimeout(this.announceTimer);
    if (this.count.dataset.text === text) return;
    this.count.dataset.text = text;
    this.count.setAttribute("aria-busy", "true");
    this.count.textContent = text;
    this.announceTimer = setTimeout(() => { this.count.setAttribute("aria-busy", "false"); }, ANNOUNCE_AFTER_MS);
  }

  resetPaging() { this.limit = PAGE_SIZE; }
}

// The filters as one comparable text: a form event that changes nothing (the "change" a number
// input fires when it loses focus) leaves the list alone.
export function filterKey(filters, inView) {
  return JSON.stringify([filters, inView]);
}
