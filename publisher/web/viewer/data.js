// The viewer's data beyond the map, each loaded when it is first needed: the compact finder rows
// (after the map's first frame), one kommune's full site records (when a card opens there) and
// the search index (on the first search).

import { getJson } from "./dom.js";

export class SiteData {
  constructor(dataBase) {
    this.dataBase = dataBase;
    this.detailsByPart = new Map();
    this.searchIndex = null;
  }

  load(name) {
    return getJson(this.dataBase + name);
  }

  // finder.json: {fields, parts: [{part, rows: [[...values]]}]} -> one object per site with the
  // data model's field names, so filters and list read it like a full record.
  async finderSites() {
    const finder = await this.load("finder.json");
    const sites = [];
    for (const { part, rows } of finder.parts) {
      for (const row of rows) {
        const site = { part };
        finder.fields.forEach((field, index) => { site[field] = row[index]; });
        sites.push(site);
      }
    }
    return sites;
  }

  // Every public attribute of one site, from its kommune's file (fetched once per kommune).
  async details(site) {
    let pending = this.detailsByPart.get(site.part);
    if (!pending) {
      pending = this.load(`sites/${encodeURIComponent(site.part)}.json`)
        .then((records) => new Map(records.map((record) => [record.objekt_id, record])));
      pending.catch(() => this.detailsByPart.delete(site.part));
      this.detailsByPart.set(site.part, pending);
    }
    return (await pending).get(site.objekt_id) ?? null;
  }

  search() {
    if (!this.searchIndex) {
      this.searchIndex = this.load("search.json");
      this.searchIndex.catch(() => { this.searchIndex = null; });
    }
    return this.searchIndex;
  }
}
