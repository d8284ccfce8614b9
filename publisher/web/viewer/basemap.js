// The basemap under the data: a vector basemap (PMTiles), raster tiles, or the plain land drawn
// from the kommune boundaries that the style itself carries.
// A production vector basemap: a Protomaps/OpenStreetMap extract in one PMTiles file, drawn with
// the layers @protomaps/basemaps generates (names in Danish, drawn with the browser's fonts; no
// icons, so no sprite is needed). It replaces the land drawn from the kommune boundaries.
async function addVectorBasemap(map, style, basemap, language) {
  const { layers, namedFlavor } = await import("/kort/vendor/protomaps-basemaps/index.js");
  const url = new URL(basemap.pmtiles, location.href).href;
  map.addSource("protomaps", { type: "vector", url: `pmtiles://${url}`, attribution: basemap.attribution || "© OpenStreetMap contributors" });
  const before = map.getLayer("basemap-land") ? "basemap-land" : style.layers[1]?.id;
  for (const layer of layers("protomaps", namedFlavor(basemap.flavor || "light"), { lang: language })) {
    if (layer.layout?.["icon-image"] || layer.type === "background") continue;
    map.addLayer({ ...layer, id: `protomaps-${layer.id}`, metadata: { "overblikskort:basemap": true } }, before);
  }
  if (map.getLayer("basemap-land")) map.setLayoutProperty("basemap-land", "visibility", "none");
}

export async function addBasemap(map, style, basemap, language) {
  if (basemap?.pmtiles) return addVectorBasemap(map, style, basemap, language);
  if (!basemap?.tiles) return;
  map.addSource("basemap", { type: "raster", tiles: [basemap.tiles], tileSize: 256, attribution: basemap.attribution || "" });
  map.addLayer({ id: "basemap", type: "raster", source: "basemap" }, style.layers[1]?.id);
  if (map.getLayer("basemap-land")) map.setLayoutProperty("basemap-land", "visibility", "none");
}
