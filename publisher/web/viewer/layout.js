// The page's layout: on a phone, tabs switch between the map, the filters, the list and the layers
// (so the legend is one tap away, not below the whole list); on a wider screen everything shows
// side by side and the tabs are gone. Embedded in another site's iframe, the page tells its
// parent how tall it is, so the iframe can grow with it instead of scrolling inside itself.

const PHONE = "(max-width: 760px)";
export const HEIGHT_MESSAGE = "overblikskort:height";

export class Tabs {
  constructor({ tablist, onShow }) {
    this.tablist = tablist;
    this.tabs = [...tablist.querySelectorAll("[role=tab]")];
    this.onShow = onShow;
    this.query = window.matchMedia(PHONE);
    this.current = this.tabs[0].dataset.tab;
    tablist.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab) this.show(tab.dataset.tab, { focus: false });
    });
    tablist.addEventListener("keydown", (event) => this.key(event));
    this.query.addEventListener("change", () => this.apply());
    this.apply();
  }

  get phone() { return this.query.matches; }

  panel(tab) { return document.getElementById(tab.getAttribute("aria-controls")); }

  // Phone: one panel at a time, with tab semantics; wider: every panel, no tab semantics.
  apply() {
    document.body.classList.toggle("tabbed", this.phone);
    document.body.dataset.tab = this.current;
    this.tablist.closest("nav").hidden = !this.phone;
    for (const tab of this.tabs) {
      const panel = this.panel(tab);
      const selected = tab.dataset.tab === this.current;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (this.phone) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.hidden = !selected;
      } else {
        panel.removeAttribute("role");
        panel.removeAttribute("aria-labelledby");
        panel.hidden = false;
      }
    }
    this.onShow?.(this.current);
  }

  show(name, { focus = true } = {}) {
    if (!this.tabs.some((tab) => tab.dataset.tab === name)) return;
    this.current = name;
    this.apply();
    if (focus && this.phone) this.tabs.find((tab) => tab.dataset.tab === name).focus();
  }

  key(event) {
    const index = this.tabs.indexOf(event.target.closest("[role=tab]"));
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: this.tabs.length - 1 }[event.key];
    if (next == null) return;
    event.preventDefault();
    this.show(this.tabs[(next + this.tabs.length) % this.tabs.length].dataset.tab);
  }
}

// In an iframe: post {type: "overblikskort:height", height} to the parent whenever the page's
// height changes (the parent's script sets the iframe's height; see docs/public-map.md).
export function reportHeight() {
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, "*");
  };
  new ResizeObserver(post).observe(document.body);
  post();
}
