"""Building blocks of the declarative data model: fields, layers and code lists.

Pure Python on purpose: the QGIS plugin, the publisher and the documentation generator all read
these objects, so nothing here may import QGIS, a web framework or a geometry library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class FieldType(str, Enum):
    TEXT = "text"
    INTEGER = "integer"
    REAL = "real"
    BOOLEAN = "boolean"
    DATE = "date"
    UUID = "uuid"


class Default(str, Enum):
    """Values a new object gets without the planner typing them."""

    NEW_UUID = "new_uuid"
    KOMMUNEKODE = "kommunekode"
    TODAY = "today"


class Visibility(str, Enum):
    OFFENTLIG = "offentlig"
    MYNDIGHEDER = "myndigheder"


class Surface(str, Enum):
    """Where a field appears on the public side. A field with no surface stays out of every public
    artefact; `synlighed` never has one."""

    DOWNLOAD = "download"
    """The downloads, OGC API Features and the object's full public record."""
    CARD = "card"
    """A row on the public site card."""
    FINDER = "finder"
    """The finder rows that the site list, its sort and the filters read (finder.json)."""
    TILE = "tile"
    """The vector tiles: what the map's style and the map filter need."""


class FilterKind(str, Enum):
    AT_LEAST = "at_least"
    """A number (or an ordered code) the value must reach."""
    ONE_OF = "one_of"
    """Checkboxes over the code list; the value must be one of those checked."""
    EQUALS = "equals"
    """A choice of one code (or kommune)."""
    ALL_TRUE = "all_true"
    """Checkboxes over a group of yes/no fields; every field checked must be true."""
    RECENT = "recent"
    """One checkbox: the date must lie within the last `PublicFilter.months` months."""


@dataclass(frozen=True)
class PublicFilter:
    """A filter of the public site finder; its key names it in the permalink (``#areal=5000``)."""

    key: str
    kind: FilterKind
    label_da: str
    label_en: str
    step: float | None = None
    """For number inputs: the step of the arrows."""
    months: int | None = None
    """For `FilterKind.RECENT`: how many months back the date may lie."""
    optional: bool = False
    """Offered only where the publisher turns it on (the viewer's config.json names it)."""


@dataclass(frozen=True)
class PublicSort:
    """An order the public site list can be sorted in, by this field (``#sort=pris``)."""

    key: str
    descending: bool
    label_da: str
    label_en: str


@dataclass(frozen=True)
class Public:
    """How a field appears publicly (see `Surface`)."""

    surfaces: frozenset[Surface]
    filter: PublicFilter | None = None
    """The finder filter this field feeds; fields of one group share their group's filter."""
    group: str | None = None
    """Fields of one group are one row on the card (a range, or a list of yes/no fields) and one
    filter; the group's labels are in `PUBLIC_GROUPS`."""
    unit: str | None = None
    """Shown after a number, e.g. "m²"."""
    short_da: str | None = None
    short_en: str | None = None
    """The field's name inside its group, e.g. "el" for tilslutning_el."""
    choice: str | None = None
    """The field's value in its group's filter (``#util=el,vand``)."""
    role: str | None = None
    """A fixed place on the card: "title" (its heading) or "confirmed" (the line under it)."""
    section: str | None = None
    """The card section a card field is shown in; the sections' labels are in `PUBLIC_SECTIONS`."""
    sort: PublicSort | None = None
    """A sort order of the site list by this field (a finder field)."""

    def on(self, surface: Surface) -> bool:
        return surface in self.surfaces


@dataclass(frozen=True)
class Code:
    value: str
    label_da: str
    label_en: str
    provisional: bool = False
    """True where the label could not be verified against Plandata's own code list."""


@dataclass(frozen=True)
class CodeList:
    name: str
    label_da: str
    label_en: str
    codes: tuple[Code, ...]
    source: str = ""

    @property
    def values(self) -> frozenset[str]:
        return frozenset(code.value for code in self.codes)

    def label(self, value: str, language: str = "da") -> str:
        for code in self.codes:
            if code.value == value:
                return code.label_da if language == "da" else code.label_en
        return value


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    label_da: str
    label_en: str
    required: bool = False
    codelist: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    pattern: str | None = None
    """A regular expression the whole value must match (text fields)."""
    default: Default | None = None
    derived_from_geometry: bool = False
    """Computed from the geometry; planners cannot edit it and a submitted value is ignored."""
    description_da: str = ""
    description_en: str = ""
    public: Public | None = None
    """Where the field appears on the public side; None: nowhere."""

    def label(self, language: str = "da") -> str:
        return self.label_da if language == "da" else self.label_en

    def is_public_on(self, surface: Surface) -> bool:
        return self.public is not None and self.public.on(surface)


GEOMETRY_DIMENSIONS = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}
"""The dimension of each OGC simple-feature type a layer may accept."""
MIXED_GEOMETRY_TYPE = "Unknown"
"""The table geometry type of a layer that mixes dimensions (GeoPackage GEOMETRY)."""


@dataclass(frozen=True)
class Layer:
    name: str
    label_da: str
    label_en: str
    geometry_types: tuple[str, ...]
    """Accepted OGC simple-feature types; the first is the type a new workspace layer gets."""
    fields: tuple[Field, ...]
    description_da: str = ""
    description_en: str = ""
    default_visibility: Visibility = Visibility.OFFENTLIG
    critical_types: frozenset[str] = field(default_factory=frozenset)
    """Values of `type` whose objects default to `myndigheder` (critical infrastructure)."""

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """ "point", "line" and/or "polygon": the dimensions the layer accepts, in model order."""
        return tuple(dict.fromkeys(GEOMETRY_DIMENSIONS[kind] for kind in self.geometry_types))

    @property
    def is_mixed(self) -> bool:
        """Points, lines and areas in one layer (infrastruktur): one generic geometry table."""
        return len(self.dimensions) > 1

    @property
    def table_geometry_type(self) -> str:
        """The geometry type of the layer's table in a GeoPackage: its first type, or
        MIXED_GEOMETRY_TYPE when it mixes dimensions."""
        return MIXED_GEOMETRY_TYPE if self.is_mixed else self.geometry_types[0]

    def public_field_names(self, surface: Surface) -> tuple[str, ...]:
        """The fields that appear on ``surface``, in declared order."""
        return tuple(f.name for f in self.fields if f.is_public_on(surface))

    def label(self, language: str = "da") -> str:
        return self.label_da if language == "da" else self.label_en
