// "The map never hides a match": below the zoom where sites are polygons, every site that passes
// the filters is drawn from the finder data (the same rows the list shows), clustered where they
// crowd, never dropped. The tiles' thinned overview points are used only until the finder data
// are in.

export const SOURCE = "fund";
export const LAYER_IDS = ["fund-klynger", "fund-klynger-antal", "fund-punkter"];
const TILE_POINTS = "erhvervsareal-punkt";

export function pointsOf(sites) {
  return {
    type: "FeatureCollection",
    features: sites.map((site) => ({
      type: "Feature",
      properties: { objekt_id: site.objekt_id, status: site.status },
      geometry: { type: "Point", coordinates: [(site.bbox[0] + site.bbox[2]) / 2, (site.bbox[1] + site.bbox[3]) / 2] },
    })),
  };
}

// The cluster and point layers, styled like the tiles' overview points they replace; each is
// tagged as the erhvervsareal layer, so its toggle switches them too.
export function matchLayers(style, font) {
  const template = style.layers.find((layer) => layer.id === TILE_POINTS);
  const maxzoom = template?.maxzoom ?? 12;
  const metadata = { "overblikskort:layer": "erhvervsareal" };
  return [
    { id: "fund-klynger", type: "circle", source: SOURCE, maxzoom, metadata, filter: ["has", "point_count"],
      paint: { "circle-color": "#1b7837", "circle-opacity": 0.85, "circle-stroke-color": "#ffffff", "circle-stroke-width": 2,
        "circle-radius": ["step", ["get", "point_count"], 12, 10, 15, 100, 19, 1000, 24] } },
    { id: "fund-klynger-antal", type: "symbol", source: SOURCE, maxzoom, metadata, filter: ["has", "point_count"],
      layout: { "text-field": ["get", "point_count_abbreviated"], "text-font": font, "text-size": 12, "text-allow-overlap": true },
      paint: { "text-color": "#ffffff" } },
    { id: "fund-punkter", type: "circle", source: SOURCE, maxzoom, metadata, filter: ["!", ["has", "point_count"]],
      paint: template?.paint ?? { "circle-color": "#1b7837", "circle-radius": 4 } },
  ];
}

// Replaces the tiles' overview points with the finder's matches (once the finder data are in).
export function installMatches(map, style, sites, font) {
  const layers = matchLayers(style, font);
  map.addSource(SOURCE, { type: "geojson", data: pointsOf(sites), cluster: true, clusterMaxZoom: (layers[0].maxzoom ?? 12) - 1, clusterRadius: 36 });
  const before = style.layers.find((layer) => layer.id === TILE_POINTS) ? TILE_POINTS : undefined;
  for (const layer of layers) {
    map.addLayer(layer, before);
    style.layers.push(layer);
  }
  if (before) {
    map.setLayoutProperty(TILE_POINTS, "visibility", "none");
    style.layers.find((layer) => layer.id === TILE_POINTS).metadata = {};
  }
}

export function updateMatches(map, sites) {
  map.getSource(SOURCE)?.setData(pointsOf(sites));
}

// The ids of the sites the map shows in the current view: clusters by their leaves, points and
// polygons by their id (a test and the list's "only in view" agree on this).
export async function shownSiteIds(map) {
  const ids = new Set();
  const source = map.getSource(SOURCE);
  for (const feature of map.queryRenderedFeatures({ layers: LAYER_IDS.filter((id) => map.getLayer(id)) })) {
    if (feature.properties.cluster) {
      const leaves = await source.getClusterLeaves(feature.properties.cluster_id, Infinity, 0);
      for (const leaf of leaves) ids.add(leaf.properties.objekt_id);
    } else if (feature.properties.objekt_id) {
      ids.add(feature.properties.objekt_id);
    }
  }
  const polygons = ["erhvervsareal-fill"].filter((id) => map.getLayer(id));
  for (const feature of map.queryRenderedFeatures({ layers: polygons })) ids.add(feature.properties.objekt_id);
  return ids;
}
