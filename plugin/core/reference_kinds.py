"""Names of the reference kinds ERST loads, as the planner reads them (a kind the plugin does not
know yet, which the publisher may add, shows by its own name), and the line saying which
reference layers a check used."""

from __future__ import annotations

from datetime import datetime

from qgis.PyQt.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferenceKinds", text)


def kind_label(kind: str) -> str:
    labels = {
        "kommunegraenser": _tr("Municipal boundaries (DAGI)"),
        "natur": _tr("Protected nature (Natura 2000, §3, fredninger)"),
        "natura2000": _tr("Natura 2000 areas"),
        "paragraf3": _tr("§3 protected nature"),
        "fredning": _tr("Preservation orders (fredninger)"),
        "lokalplaner": _tr("Plandata lokalplaner"),
        "kommuneplanrammer": _tr("Plandata kommuneplanrammer"),
        "kloakoplande": _tr("Sewerage catchments (kloakoplande)"),
        "fjernvarme": _tr("District heating"),
        "elnet": _tr("Electricity grid"),
        "gasnet": _tr("Gas grid"),
        "energiparker": _tr("Energy parks"),
    }
    return labels.get(kind, kind)


def local_date(timestamp: str) -> str:
    """The publisher's ISO 8601 time as the planner's local date (YYYY-MM-DD)."""
    try:
        return datetime.fromisoformat(timestamp).astimezone().date().isoformat()
    except ValueError:
        return timestamp[:10]


def describe(chosen) -> str:
    """ "Reference layers: Erhvervsstyrelsen's … (dates); your own …; none for …" for an
    ``erst_references.ChosenReferences``."""
    parts = []
    if chosen.erst:
        dated = [
            f"{kind_label(kind)} {local_date(chosen.manifest.kinds[kind].imported_at)}"
            for kind in chosen.erst
            if kind in chosen.manifest.kinds
        ]
        parts.append(_tr("Erhvervsstyrelsen's: {0}").format(", ".join(dated)))
    if chosen.own:
        parts.append(
            _tr("your own (not Erhvervsstyrelsen's): {0}").format(
                ", ".join(kind_label(kind) for kind in chosen.own)
            )
        )
    if chosen.missing:
        parts.append(
            _tr("none for {0}: use 'Fetch Erhvervsstyrelsen's reference layers'").format(
                ", ".join(kind_label(kind) for kind in chosen.missing)
            )
        )
    return _tr("Reference layers: {0}.").format("; ".join(parts))
