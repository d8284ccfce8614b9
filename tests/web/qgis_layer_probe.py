"""Run by the download tests in their own process: open layers of a file with QGIS's OGR provider
and print, per layer, what QGIS sees (validity, geometry type, CRS, fields, a few rows) as JSON.

    python qgis_layer_probe.py FILE [LAYER ...]     (no LAYER: the file as QGIS opens it)
"""

import json
import sys

from qgis.core import QgsApplication, QgsVectorLayer, QgsWkbTypes

application = QgsApplication([], False)
application.initQgis()
path, layers = sys.argv[1], sys.argv[2:] or [None]
seen = {}
for name in layers:
    layer = QgsVectorLayer(
        path if name is None else f"{path}|layername={name}", name or path, "ogr"
    )
    rows = (
        [
            {
                field.name(): (None if value is None or str(value) == "NULL" else str(value))
                for field, value in zip(layer.fields(), feature.attributes())
            }
            for feature in layer.getFeatures()
        ]
        if layer.isValid()
        else []
    )
    seen[name or ""] = {
        "valid": layer.isValid(),
        "crs": layer.crs().authid(),
        "geometry": QgsWkbTypes.displayString(layer.wkbType()),
        "fields": [field.name() for field in layer.fields()],
        "count": len(rows),
        "rows": rows[:50],
    }
    del layer
print(json.dumps(seen), flush=True)
application.exitQgis()
