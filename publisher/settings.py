"""Typed settings of the publisher, read when asked for (never at import time).

Sources, strongest first: explicit arguments, environment variables ``OVERBLIKSKORT_*``, a TOML
file (``OVERBLIKSKORT_CONFIG`` or ``<data dir>/overblikskort.toml``), defaults.

| setting | environment variable | TOML key |
| --- | --- | --- |
| data_dir | OVERBLIKSKORT_DATA_DIR | data_dir |
| database_url | OVERBLIKSKORT_DATABASE_URL | database_url |
| max_upload_bytes | OVERBLIKSKORT_MAX_UPLOAD_BYTES | max_upload_bytes |
| host / port | OVERBLIKSKORT_HOST / OVERBLIKSKORT_PORT | host / port |
| public_dir | OVERBLIKSKORT_PUBLIC_DIR | public_dir |
| basemap_tiles_url | OVERBLIKSKORT_BASEMAP_TILES_URL | basemap_tiles_url |
| basemap_attribution | OVERBLIKSKORT_BASEMAP_ATTRIBUTION | basemap_attribution |
| basemap_pmtiles_url | OVERBLIKSKORT_BASEMAP_PMTILES_URL | basemap_pmtiles_url |
| basemap_flavor | OVERBLIKSKORT_BASEMAP_FLAVOR | basemap_flavor |
| node_modules | OVERBLIKSKORT_NODE_MODULES | node_modules |
| plugin_repository | OVERBLIKSKORT_PLUGIN_REPOSITORY | plugin_repository |
| finder_confirmed_filter | OVERBLIKSKORT_FINDER_CONFIRMED_FILTER | finder_confirmed_filter |
| smtp_host / smtp_port | OVERBLIKSKORT_SMTP_HOST / OVERBLIKSKORT_SMTP_PORT | smtp_host / smtp_port |
| smtp_user / smtp_password | OVERBLIKSKORT_SMTP_USER / OVERBLIKSKORT_SMTP_PASSWORD | smtp_user / smtp_password |
| smtp_starttls | OVERBLIKSKORT_SMTP_STARTTLS | smtp_starttls |
| mail_from | OVERBLIKSKORT_MAIL_FROM | mail_from |
| notify_interval_seconds | OVERBLIKSKORT_NOTIFY_INTERVAL_SECONDS | notify_interval_seconds |
| validation_* (limits, see below) | OVERBLIKSKORT_VALIDATION_* | validation_* |
| validation_workers | OVERBLIKSKORT_VALIDATION_WORKERS | validation_workers |

The validation limits (``validation_max_layers`` … ``validation_memory_mb``) are listed with
their defaults and effects in ``docs/report-format.md``; every validation (API and
``python -m publisher validate``) runs in a worker process bound by them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from datamodel.rules import RunLimits

ENV_PREFIX = "OVERBLIKSKORT_"
CONFIG_FILE_NAME = "overblikskort.toml"
SQLITE_FILE_NAME = "overblikskort.sqlite"


class SettingsError(ValueError):
    """A setting has a value the publisher cannot use."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("var")
    database_url: str = ""
    """Empty: SQLite file under data_dir. ``postgresql://...``: PostgreSQL with PostGIS."""
    max_upload_bytes: int = 50 * 1024 * 1024
    host: str = "127.0.0.1"
    port: int = 8000
    public_dir: Path | None = None
    """Where the public artefacts go; default ``<data_dir>/public``."""
    basemap_tiles_url: str = ""
    """XYZ raster tiles ({z}/{x}/{y}) of the public map's basemap, e.g. a Danish one in
    production; empty: the plain offline basemap drawn from the kommune boundaries."""
    basemap_attribution: str = ""
    basemap_pmtiles_url: str = ""
    """A vector basemap: a Protomaps/OpenStreetMap extract of Denmark as one PMTiles file (e.g.
    hosted by ERST); drawn with the layers of the npm package @protomaps/basemaps. Wins over
    basemap_tiles_url. See docs/public-map.md."""
    basemap_flavor: str = "light"
    """The @protomaps/basemaps flavour: light, white, grayscale, dark or black."""
    node_modules: Path | None = None
    """Where `npm ci` put MapLibre GL JS, PMTiles and axe-core (package.json), which the web pages
    load from this server; default ``./node_modules`` of the folder the publisher runs in."""
    plugin_repository: Path | None = None
    """The QGIS plugin repository served at /plugins/ (plugins.xml and the plugin zip, written by
    ``scripts/plugin_zip.sh VERSION --repository DIR``); default ``<data_dir>/plugins``."""
    finder_confirmed_filter: bool = False
    """Offer the public finder's "Kun bekræftede inden for 12 måneder" (hide overdue sites);
    off by default: overdue sites stay public and are only marked on their card."""
    smtp_host: str = ""
    """Mail every workflow event to the kommune's contact address through this SMTP server;
    empty (the default): no mail, the events are only in the outbox (GET /api/v1/haendelser)."""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "overblikskort@localhost"
    notify_interval_seconds: int = 60
    """How often `serve` mails new events (and at most hourly looks for newly overdue sites)."""
    validation_max_layers: int = 20
    validation_max_features: int = 500_000
    validation_max_vertices_per_geometry: int = 100_000
    validation_max_vertices: int = 20_000_000
    validation_findings_per_rule: int = RunLimits.findings_per_rule
    validation_overlaps_per_object: int = RunLimits.overlaps_per_object
    validation_overlap_pairs_per_object: int = RunLimits.overlap_pairs_per_object
    validation_timeout_seconds: int = 240
    validation_memory_mb: int = 4096
    validation_workers: int = 1
    """Worker processes that validate uploads side by side (each holds the reference layers)."""

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / SQLITE_FILE_NAME}"

    @property
    def uses_postgis(self) -> bool:
        return self.database.startswith(("postgresql://", "postgres://"))

    @property
    def public_path(self) -> Path:
        return self.public_dir or self.data_dir / "public"

    @property
    def node_modules_path(self) -> Path:
        return self.node_modules or Path.cwd() / "node_modules"

    @property
    def plugin_repository_path(self) -> Path:
        return self.plugin_repository or self.data_dir / "plugins"

    @classmethod
    def load(
        cls,
        data_dir: Path | str | None = None,
        config_file: Path | str | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides,
    ) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        env_values: dict[str, object] = {
            f.name: environ[ENV_PREFIX + f.name.upper()]
            for f in fields(cls)
            if ENV_PREFIX + f.name.upper() in environ
        }
        if data_dir is not None:
            env_values["data_dir"] = data_dir
        base_dir = Path(str(env_values.get("data_dir", cls.data_dir)))
        config_path = config_file or environ.get(ENV_PREFIX + "CONFIG")
        if config_path is None and (base_dir / CONFIG_FILE_NAME).is_file():
            config_path = base_dir / CONFIG_FILE_NAME
        if config_path is not None:
            values.update(_read_toml(Path(config_path)))
        values.update(env_values)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls().with_values(values)

    def with_values(self, values: Mapping[str, object]) -> Settings:
        known = {f.name: f for f in fields(self)}
        converted: dict[str, Any] = {}
        for name, raw in values.items():
            if name not in known:
                raise SettingsError(f"ukendt indstilling / unknown setting: {name}")
            converted[name] = _convert(name, raw)
        return replace(self, **converted)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(
            f"kan ikke læse konfigurationsfilen / cannot read config file {path}: {error}"
        ) from error


def _convert(name: str, raw: object) -> object:
    if name in ("data_dir", "public_dir", "node_modules", "plugin_repository"):
        return (
            Path(str(raw)) if raw not in (None, "") else None if name != "data_dir" else Path("var")
        )
    if name in ("finder_confirmed_filter", "smtp_starttls"):
        return _boolean(name, raw)
    if name in (
        "max_upload_bytes",
        "port",
        "smtp_port",
        "notify_interval_seconds",
    ) or name.startswith("validation_"):
        try:
            number = int(str(raw))
        except (TypeError, ValueError) as error:
            raise SettingsError(
                f"{name} skal være et heltal / must be an integer: {raw!r}"
            ) from error
        if number <= 0:
            raise SettingsError(f"{name} skal være positiv / must be positive: {number}")
        return number
    return str(raw)


def _boolean(name: str, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "ja", "on"):
        return True
    if text in ("0", "false", "no", "nej", "off", ""):
        return False
    raise SettingsError(f"{name} skal være true eller false / must be true or false: {raw!r}")
