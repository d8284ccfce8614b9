// The data model's words for the approval pages (/godkend/app/labels.json): layer, field and code
// labels, statuses, events, audit actions, severities and rule titles, in the reader's language.

const locales = { da: "da-DK", en: "en-GB" };

export class ReviewLabels {
  constructor(labels, language) {
    this.labels = labels;
    this.language = language;
  }

  pick(entry, fallback) { return entry ? entry[this.language()] : fallback; }
  layer(name) { return this.pick(this.labels.layers[name], name); }
  field(layer, name) { return this.pick(this.labels.fields[layer]?.[name], name); }
  status(value) { return this.pick(this.labels.statuses[value], value); }
  event(value) { return this.pick(this.labels.events[value], value); }
  action(value) { return this.pick(this.labels.actions[value], value); }
  severity(value) { return this.pick(this.labels.severities[value], value); }
  rule(code) { return this.pick(this.labels.rules[code], ""); }
  kind(value) { return this.pick(this.labels.kinds[value], value); }
  severities() { return Object.keys(this.labels.severities); }
  // [name, value] of the attributes in the data model's field order.
  ordered(layer, attributes) {
    const order = Object.keys(this.labels.fields[layer] || {});
    return Object.entries(attributes).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  }

  // One stored value as a reader understands it: code labels, dates and numbers in the reader's
  // form, yes/no; "–" for nothing.
  value(layer, name, value) {
    if (value == null || value === "") return "–";
    const spec = this.labels.fields[layer]?.[name];
    const locale = locales[this.language()];
    if (spec?.codelist) {
      const code = this.labels.codelists[spec.codelist]?.[String(value)];
      return code ? this.pick(code) : String(value);
    }
    if (spec?.type === "boolean") return value === true || value === 1 || value === "true" ? (this.language() === "da" ? "ja" : "yes") : (this.language() === "da" ? "nej" : "no");
    if (spec?.type === "date") {
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
      if (!match) return String(value);
      return new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]))
        .toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    }
    if ((spec?.type === "real" || spec?.type === "integer") && Number.isFinite(Number(value))) {
      return Number(value).toLocaleString(locale, { maximumFractionDigits: 2 });
    }
    return String(value);
  }
}
