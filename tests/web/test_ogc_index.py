"""The OGC serving index (publisher/public/ogc_index.py) answers exactly as the GeoPackage path
does: same features, same order, same counts, for boxes, pages and the whole collection."""

from __future__ import annotations

import json
import time

from publisher.public import ogc
from publisher.public.ogc_collections import PublicCollections

QUERIES = [
    {"limit": "5"},
    {"limit": "100"},
    {"bbox": "12.40,55.59,12.52,55.6615", "limit": "7"},
    {"bbox": "12.30,55.60,12.50,55.70", "limit": "3", "offset": "2"},
    {"bbox": "8.0,55.0,8.1,55.1"},
    {"limit": "4", "cursor": "5"},
]


def answer(store, collection: str, query: dict) -> dict:
    document = json.loads(ogc.items("http://test/ogc", store, collection, query).text)
    document.pop("timeStamp")
    return document


def test_the_serving_index_gives_the_same_answers_as_the_geopackage(public_dir, tmp_path):
    indexed = PublicCollections(public_dir)
    for name in ("erhvervsareal", "infrastruktur_linje"):
        index = indexed.get(name).table.index
        for _ in range(600):  # made in a background thread; at most a minute
            if index.ready():
                break
            time.sleep(0.2)
        assert index.ready()
        plain = PublicCollections(public_dir)
        plain.get(name).table.index = None
        for query in QUERIES:
            assert answer(indexed, name, query) == answer(plain, name, query), (name, query)
    assert index.path.parent.name == (public_dir / "current").resolve().name
