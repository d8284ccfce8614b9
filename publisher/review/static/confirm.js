// A modal confirmation (the browser's own <dialog>: focus stays inside, Escape cancels) that says
// what an action will do before it is done. Resolves true only on the explicit confirm button.
import { el } from "./dom.js";

let counter = 0;

export function confirmAction({ title, lines, confirmLabel, cancelLabel, danger = false, items = [] }) {
  counter += 1;
  const titleId = `confirm-title-${counter}`;
  const bodyId = `confirm-body-${counter}`;
  const confirm = el("button", { type: "button", class: danger ? "danger" : "primary", text: confirmLabel,
    dataset: { confirm: "yes" } });
  const cancel = el("button", { type: "button", class: "secondary", text: cancelLabel, dataset: { confirm: "no" } });
  const body = el("div", { id: bodyId }, ...lines.map((line) => el("p", { text: line })));
  if (items.length) body.append(el("ul", { class: "confirm-items" }, ...items.map((item) => el("li", { text: item }))));
  const dialog = el("dialog", { class: "confirm", "aria-labelledby": titleId, "aria-describedby": bodyId },
    el("h2", { id: titleId, text: title }), body, el("div", { class: "buttons" }, confirm, cancel));
  document.body.append(dialog);
  return new Promise((resolve) => {
    const close = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    confirm.addEventListener("click", () => close(true));
    cancel.addEventListener("click", () => close(false));
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(false); });
    dialog.showModal();
    cancel.focus();
  });
}
