"""Publisher fixtures: a store on each backend (SQLite and a throwaway PostGIS cluster), a real
HTTP server on loopback, users of every role, and small GeoPackages inside real kommuner."""

from __future__ import annotations

import itertools
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pytest
import requests
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))

from postgis_cluster import PostgisCluster, free_port
from publisher_support import (
    HVIDOVRE,
    KOEBENHAVN,
    serve_in_thread,
    site_attributes,
    squares_inside,
    write_gpkg,
)

from publisher.auth import add_user
from publisher.references import import_reference_file
from publisher.settings import SQLITE_FILE_NAME, Settings
from publisher.store import Store

BACKENDS = ("sqlite", "postgis")
KOMMUNER_FILE = Path("kommuner_dagi_neogeografen") / "geojson" / "kommuner.geojson"
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def kommuner_file(shared_data) -> Path:
    return shared_data / KOMMUNER_FILE


@pytest.fixture(scope="session")
def postgis_cluster():
    cluster = PostgisCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def kommune_shapes(kommuner_file) -> dict[str, shapely.Geometry]:
    frame = gpd.read_file(kommuner_file).to_crs(25832)
    frame["geometry"] = shapely.force_2d(frame.geometry.values)
    return {
        code: shapely.union_all(group.geometry.values) for code, group in frame.groupby("KOMKODE")
    }


@dataclass
class StoreTemplate:
    """A store with the real kommunegrænser imported once per session, copied for each test."""

    backend: str
    source: str

    def copy_to(self, data_dir: Path, request) -> Settings:
        data_dir.mkdir(parents=True, exist_ok=True)
        if self.backend == "sqlite":
            with (
                sqlite3.connect(self.source) as src,
                sqlite3.connect(data_dir / SQLITE_FILE_NAME) as dst,
            ):
                src.backup(dst)
            return Settings.load(data_dir=data_dir, environ={})
        cluster = request.getfixturevalue("postgis_cluster")
        dsn = cluster.create_database(f"test_{next(_database_numbers)}", template=self.source)
        return Settings.load(data_dir=data_dir, environ={}, database_url=dsn)


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory, kommuner_file):
    made: dict[str, StoreTemplate] = {}

    def template(backend: str, request) -> StoreTemplate:
        if backend not in made:
            if backend == "sqlite":
                folder = tmp_path_factory.mktemp("template-sqlite")
                settings = Settings.load(data_dir=folder, environ={})
                source = str(folder / SQLITE_FILE_NAME)
            else:
                cluster = request.getfixturevalue("postgis_cluster")
                source = "template_references"
                settings = Settings.load(
                    data_dir=tmp_path_factory.mktemp("pg"),
                    environ={},
                    database_url=cluster.create_database(source),
                )
            import_reference_file(Store.open(settings.database), "kommunegraenser", kommuner_file)
            made[backend] = StoreTemplate(backend, source)
        return made[backend]

    return template


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def settings(backend, store_templates, tmp_path, request) -> Settings:
    """Settings of a fresh store (with the real kommunegrænser) on the test's backend."""
    return store_templates(backend, request).copy_to(tmp_path / "data", request)


@pytest.fixture
def store(settings) -> Store:
    return Store.open(settings.database)


@dataclass
class Server:
    url: str
    store: Store
    settings: Settings
    tokens: dict[str, str]
    released: list[str] = field(default_factory=list)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def api(self, path: str) -> str:
        return f"{self.url}/api/v1{path}"

    def call(
        self, method: str, path: str, who: str | None = None, *, token: str | None = None, **kwargs
    ) -> requests.Response:
        headers = self.headers(who) if who else {}
        if token is not None:
            headers = {"Authorization": f"Bearer {token}"}
        return requests.request(method, self.api(path), headers=headers, timeout=60, **kwargs)

    def get(self, path: str, who: str | None = None, **kwargs) -> requests.Response:
        return self.call("GET", path, who, **kwargs)

    def post(self, path: str, who: str | None = None, **kwargs) -> requests.Response:
        return self.call("POST", path, who, **kwargs)

    def delete(self, path: str, who: str | None = None, **kwargs) -> requests.Response:
        return self.call("DELETE", path, who, **kwargs)

    def submit(self, who: str, kommune: str, path: Path, name: str | None = None):
        with open(path, "rb") as handle:
            return self.post(
                "/submissions",
                who,
                data={"kommune": kommune},
                files={"file": (name or path.name, handle)},
            )


USERS = {
    "indsender_hvidovre": ("indsender", HVIDOVRE),
    "indsender_koebenhavn": ("indsender", KOEBENHAVN),
    "godkender": ("godkender", None),
    "admin": ("admin", None),
}


@pytest.fixture
def server(settings) -> Server:
    """The publisher's app on a free loopback port (threaded), with one user per role."""
    from publisher.api import create_app

    store = Store.open(settings.database)
    tokens = {
        name: add_user(store, name, role, kommune, "test")[1]
        for name, (role, kommune) in USERS.items()
    }
    released: list[str] = []
    app = create_app(
        settings, store=store, release_hooks=[released.append], blueprints=[], check_responses=True
    )
    port = free_port()
    http_server, thread = serve_in_thread(app, port)
    yield Server(f"http://127.0.0.1:{port}", store, settings, tokens, released)
    http_server.shutdown()
    thread.join(timeout=5)
    app.extensions["overblikskort.workflow"].close()


@pytest.fixture
def make_submission(tmp_path, kommune_shapes):
    """``make(kommune, count=2, rows=None) -> (path, rows)``: a valid GeoPackage of sites."""
    counter = itertools.count(1)

    def make(
        kommune: str = HVIDOVRE,
        count: int = 2,
        rows: list[dict] | None = None,
        geometries: list | None = None,
        inside: str | None = None,
    ):
        geometries = geometries or squares_inside(kommune_shapes[inside or kommune], count)
        rows = rows or [site_attributes(kommune, navn=f"Areal {i + 1}") for i in range(count)]
        path = tmp_path / f"indsendelse_{next(counter)}.gpkg"
        return write_gpkg(path, rows, geometries), rows

    return make


@pytest.fixture
def review_server(server):
    """The same store behind an app with the approval pages and the public side (which serves
    the DOM helpers the pages share with the viewer)."""
    from dataclasses import replace

    from publisher.api import create_app
    from publisher.public import create_blueprint as public_blueprint
    from publisher.review import create_blueprint as review_blueprint

    app = create_app(
        server.settings,
        store=server.store,
        release_hooks=[server.released.append],
        blueprints=[
            review_blueprint(server.settings.node_modules_path),
            public_blueprint(server.settings),
        ],
        check_responses=True,
    )
    port = free_port()
    http_server, thread = serve_in_thread(app, port)
    yield replace(server, url=f"http://127.0.0.1:{port}")
    http_server.shutdown()
    thread.join(timeout=5)
