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
  // [label, text] of the attributes in the data model's field order; the yes/no fields of one
  // group (the utilities) become one line naming those that are true ("vand, gas").
  readable(layer, attributes) {
    const fields = this.labels.fields[layer] || {};
    const lines = [];
    const groups = new Map();
    for (const name of Object.keys(fields)) {
      if (!(name in attributes)) continue;
      const spec = fields[name];
      if (spec.group && spec.type === "boolean") {
        if (!groups.has(spec.group)) { groups.set(spec.group, []); lines.push([spec.group, null]); }
        if (attributes[name] === true) groups.get(spec.group).push(spec[`short_${this.language()}`] || this.field(layer, name));
      } else lines.push([this.field(layer, name), this.value(layer, name, attributes[name])]);
    }
    const none = this.language() === "da" ? "ingen" : "none";
    return lines.map(([label, text]) => (text === null
      ? [this.pick(this.labels.groups[label], label), groups.get(label).join(", ") || none] : [label, text]));
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
