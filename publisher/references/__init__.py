"""Reference layers: the authorities' files into the store (one kind at a time, with its
provenance), and out again for the validator and the public build.

The kinds, their fields, geometry, visibility and licence are declared in
``datamodel.references``; this package reads files into that shape (``reading``), stores them
(``importing``) and hands them out (``snapshot``).
"""

from datamodel.references import IMPORTABLE_KINDS, KINDS, NATUR_TYPES

from .importing import ImportSummary, import_reference_file
from .reading import ReferenceImportError, read_reference_file
from .snapshot import (
    ReferenceSnapshot,
    load_references,
    reference_frame,
    reference_frames,
    reference_snapshot,
)

NATUR_KINDS = tuple(NATUR_TYPES)

__all__ = [
    "IMPORTABLE_KINDS",
    "KINDS",
    "NATUR_KINDS",
    "ImportSummary",
    "ReferenceImportError",
    "ReferenceSnapshot",
    "import_reference_file",
    "load_references",
    "read_reference_file",
    "reference_frame",
    "reference_frames",
    "reference_snapshot",
]
