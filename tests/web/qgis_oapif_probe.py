"""Run by test_ogc in its own process: load an OGC API Features collection with QGIS's own OAPIF
provider and print what QGIS sees as JSON. (The web tests run without pytest-qgis.)"""
import json
import sys

from qgis.core import QgsApplication, QgsVectorLayer

application = QgsApplication([], False)
application.initQgis()
url, collection = sys.argv[1], sys.argv[2]
layer = QgsVectorLayer(f"url='{url}' typename='{collection}' restrictToRequestBBOX='0'",
                       collection, "OAPIF")
features = list(layer.getFeatures()) if layer.isValid() else []
print(json.dumps({"valid": layer.isValid(), "crs": layer.crs().authid(),
                  "names": [feature["navn"] for feature in features],
                  "fields": [field.name() for field in layer.fields()]}), flush=True)
del features, layer
application.exitQgis()
