"""Everything the approval pages show as words, from one place: the data model's layer, field and
code labels (every field, public or not), the workflow's statuses and events, the audit actions,
the rulebook's severities and rule titles. Served as /godkend/app/labels.json."""

from __future__ import annotations

from datamodel import CODELISTS, DATAMODEL_VERSION, LAYERS
from datamodel.layers import PUBLIC_GROUPS
from datamodel.findings import SEVERITY_ORDER
from datamodel.rules import RULES

SEVERITIES = {
    "blokerende": ("Blokerende", "Blocking"),
    "advarsel": ("Advarsel", "Warning"),
    "info": ("Info", "Info"),
}
STATUSES = {
    "modtaget": ("Modtaget", "Received"),
    "afvist_automatisk": ("Afvist automatisk", "Rejected automatically"),
    "til_godkendelse": ("Til godkendelse", "Awaiting approval"),
    "godkendt": ("Godkendt", "Approved"),
    "afvist": ("Afvist", "Rejected"),
}
EVENTS = {
    **STATUSES,
    "rullet_tilbage": ("Rullet tilbage", "Rolled back"),
    "forfalden": ("Arealer forfaldne", "Sites overdue"),
}
ACTIONS = {
    "indsendt": ("Indsendt", "Submitted"),
    "godkendt": ("Godkendt", "Approved"),
    "afvist": ("Afvist", "Rejected"),
    "rullet_tilbage": ("Rullet tilbage", "Rolled back"),
    "forfalden": ("Forfaldne arealer varslet", "Overdue sites announced"),
    "offentlig_build_fejlede": ("Offentlig opbygning fejlede", "Public build failed"),
    "offentlig_side_ude_af_trit": (
        "Offentligt kort ude af trit med lageret",
        "Public map out of step with the store",
    ),
    "bruger_oprettet": ("Bruger oprettet", "User created"),
    "bruger_spaerret": ("Bruger spærret", "User revoked"),
    "reference_importeret": ("Referencelag importeret", "Reference layer imported"),
    "kontakt_aendret": ("Kontaktadresse ændret", "Contact address changed"),
}
KINDS = {
    "indsendelse": ("Indsendelse", "Submission"),
    "bekraeftelse": ("Bekræftelse uden ændringer", "Confirmation without changes"),
}


def _pairs(table: dict[str, tuple[str, str]]) -> dict:
    return {key: {"da": da, "en": en} for key, (da, en) in table.items()}


def _field(spec) -> dict:
    label = {
        "da": spec.label_da,
        "en": spec.label_en,
        "type": spec.type.value,
        "codelist": spec.codelist,
    }
    if spec.public is not None and spec.public.group:
        label.update(
            group=spec.public.group, short_da=spec.public.short_da, short_en=spec.public.short_en
        )
    return label


def review_labels() -> dict:
    return {
        "datamodel_version": DATAMODEL_VERSION,
        "layers": {
            name: {"da": layer.label_da, "en": layer.label_en} for name, layer in LAYERS.items()
        },
        "fields": {
            name: {spec.name: _field(spec) for spec in layer.fields}
            for name, layer in LAYERS.items()
        },
        "groups": {name: {"da": da, "en": en} for name, (da, en) in PUBLIC_GROUPS.items()},
        "codelists": {
            name: {
                code.value: {"da": code.label_da, "en": code.label_en} for code in codelist.codes
            }
            for name, codelist in CODELISTS.items()
        },
        "severities": {
            severity.value: {
                "da": SEVERITIES[severity.value][0],
                "en": SEVERITIES[severity.value][1],
            }
            for severity in SEVERITY_ORDER
        },
        "rules": {code: {"da": rule.title_da, "en": rule.title_en} for code, rule in RULES.items()},
        "statuses": _pairs(STATUSES),
        "events": _pairs(EVENTS),
        "actions": _pairs(ACTIONS),
        "kinds": _pairs(KINDS),
    }
