"""The OpenAPI paths of ERST's desk (see desk_routes.py), merged into the API's document."""
from __future__ import annotations

from ..store.outbox import EVENT_KINDS
from ..workflow.desk import EVENTS_PAGE


def desk_paths(op, json, ref, path_param, query, paging, listing, kommune, identifier) -> dict:
    obj = {"type": "object"}
    kode = [path_param("kode", kommune)]
    return {
        "/kommuner": {"get": op("Kommunernes koder og navne (fra kommunegrænserne)",
                                {"200": json(obj, "kommuner: [{kommune, navn}]")})},
        "/dashboard": {"get": op(
            "Overblik over alle kommuner (godkender, admin): offentlige objekter, udgivelse, "
            "ventende indsendelser, sidste afvisning, forfaldne arealer; og landstal",
            {"200": json(obj, "today, totals, kommuner: [...]")}, 403)},
        "/dashboard/map": {"get": op(
            "Kommunernes omrids (WGS84) farvet efter friskhed: ingen_udgivelse, forfalden, "
            "snart_forfalden, aktuel", {"200": {"description": "FeatureCollection", "content": {
                "application/geo+json": {}}}}, 403)},
        "/kommuner/{kode}/forfaldne": {"get": op(
            "Arealer der er forfaldne (sidst_bekraeftet over 12 måneder) eller forfalder inden for "
            "30 dage (kommunens indsender, godkender, admin)",
            {"200": json(obj, "sites: [{objekt_id, navn, sidst_bekraeftet, due, freshness, "
                              "synlighed}]")}, 403, parameters=kode)},
        "/kommuner/{kode}/bekraeftelser": {"post": op(
            "Bekræft uændret (kommunens indsender): en indsendelse af den aktuelle udgivelse med "
            "dagens dato i sidst_bekraeftet for de valgte arealer",
            {"201": json(ref("Submission"), "Modtaget og valideret, kind = bekraeftelse")},
            400, 403, 409, parameters=kode, body={"required": True, "content": {
                "application/json": {"schema": {"type": "object", "required": ["objekt_ids"],
                                                "properties": {"objekt_ids": {
                                                    "type": "array", "minItems": 1,
                                                    "maxItems": 10000,
                                                    "items": {"type": "string"}}}}}}})},
        "/kommuner/{kode}/releases": {"get": op(
            "Kommunens udgivelser, nyeste først, hver med offentlige objekter pr. lag og hvad "
            "den ændrede mod den forrige", {"200": json(obj, "kommune_state, releases: [Release "
                                                             "+ public_counts, changes]")},
            403, parameters=kode)},
        "/releases/{id}/changes": {"get": op(
            "En udgivelses ændringer mod den forrige (eller ?against=id)",
            {"200": json(obj, "release, against_release_id, counts, public, new, changed, "
                              "deleted, unchanged")}, 400, 403, 404,
            parameters=[path_param("id", identifier), query("against", identifier)])},
        "/releases/{id}/changes/map": {"get": op(
            "En udgivelses ændringer som GeoJSON (WGS84) til kortet, som indsendelsens",
            {"200": {"description": "FeatureCollection", "content": {
                "application/geo+json": {}}}}, 400, 403, 404,
            parameters=[path_param("id", identifier), query("against", identifier)])},
        "/kommuner/{kode}/rollback/preview": {"get": op(
            "Hvad det offentlige kort viser efter en tilbagerulning: ændringer mod den aktuelle "
            "udgivelse og objekter der bliver offentlige igen (republished.hidden/deleted)",
            {"200": json(obj, "release, kommune_state, public_counts, republished, counts, "
                              "public, new, changed, deleted")}, 400, 403, 404,
            parameters=[*kode, {**query("release_id", identifier), "required": True}])},
        "/kommuner/{kode}/rollback": {"post": op(
            "Rul tilbage til en tidligere udgivelse (godkender); genudgiver den objekter, der nu "
            "er for myndigheder eller slettet, kræves confirm_republish: true (ellers 409 "
            "bekraeftelse_kraeves)",
            {"200": json(obj, "kommune_state, release, public_build")}, 400, 403, 404, 409,
            body={"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["release_id"],
                "properties": {"release_id": identifier, "expected_version": {"type": "integer"},
                               "comment": {"type": "string"},
                               "confirm_republish": {"type": "boolean"}}}}}},
            parameters=kode)},
        "/haendelser": {"get": op(
            "Hændelser fra udbakken (én pr. tilstandsændring), nyeste først; after=id giver de "
            "nyere, ældste først (til at spørge efter nyt). En indsender ser kun sin kommune",
            {"200": json(listing("events", {"type": "object", "properties": {
                "id": identifier, "at": {"type": "string", "format": "date-time"},
                "kind": {"type": "string", "enum": list(EVENT_KINDS)}, "kommune": kommune,
                "submission_id": {"type": "integer", "nullable": True},
                "release_id": {"type": "integer", "nullable": True},
                "actor": {"type": "string"}, "details": obj, "mail": obj}}),
                "En side hændelser")}, 400, 403,
            parameters=[query("kommune", kommune), *paging(EVENTS_PAGE),
                        query("after", {"type": "integer", "minimum": 0},
                              "only events after this id, oldest first")])},
        "/kontakter": {"get": op("Kommunernes kontaktadresser til e-mail (admin)",
                                 {"200": json(obj, "contacts: [{kommune, email}]")}, 403)},
        "/kommuner/{kode}/kontakt": {"put": op(
            "Sæt kommunens kontaktadresse til e-mail om hændelser (admin); tom fjerner den",
            {"200": json(obj, "kommune, email")}, 400, 403, parameters=kode,
            body={"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"email": {"type": "string",
                                                           "nullable": True}}}}}})},
    }
