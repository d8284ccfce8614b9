"""Run by test_ogc in its own process (tests/web/qgis_probe.py): load an OGC API Features
collection with QGIS's own OAPIF provider and print what QGIS sees as JSON. Query parameters on
the URL are what QGIS sends along with every request (how a filter travels in QGIS 3.22)."""

import json
import sys

from qgis.core import QgsApplication, QgsVectorLayer, QgsWkbTypes

application = QgsApplication([], False)
application.initQgis()
url, collection = sys.argv[1], sys.argv[2]
layer = QgsVectorLayer(
    f"url='{url}' typename='{collection}' restrictToRequestBBOX='0'", collection, "OAPIF"
)
features = list(layer.getFeatures()) if layer.isValid() else []
names = [field.name() for field in layer.fields()]
print(
    json.dumps(
        {
            "valid": layer.isValid(),
            "crs": layer.crs().authid(),
            "geometry": QgsWkbTypes.displayString(layer.wkbType()),
            "names": [feature["navn"] for feature in features],
            "values": {
                name: sorted({str(f[name]) for f in features})
                for name in ("status", "kommunekode")
                if name in names
            },
            "fields": names,
        }
    ),
    flush=True,
)
del features, layer
application.exitQgis()
