"""HTTP adapter of ERST's desk under /api/v1 (dashboard, freshness and "Bekræft uændret",
release changes, rollback preview, events, contacts): models in, ``Desk`` called, dict out."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request
from flask_openapi3 import Tag

from ..workflow.desk import Desk
from ..workflow.paging import Page
from . import desk_models as desk_answer
from . import response_models as answer
from .blueprint import api_blueprint, current_user
from .errors import error_responses
from .request_models import KommunePath, ReleasePath

DESK = Tag(
    name="skrivebord",
    description="Erhvervsstyrelsens overblik, friskhed og hændelser / "
    "the desk: dashboard, freshness and events",
)
GEOJSON = {
    "description": "FeatureCollection (WGS84)",
    "content": {"application/geo+json": {"schema": {"type": "object"}}},
}

desk_api = api_blueprint("api_v1_desk", __name__)


def desk() -> Desk:
    return current_app.extensions["overblikskort.desk"]


def _geojson(document: dict):
    response = current_app.json.response(document)
    response.mimetype = "application/geo+json"
    return response


@desk_api.get(
    "/kommuner",
    tags=[DESK],
    summary="Kommunernes koder og navne (fra kommunegrænserne)",
    responses={200: desk_answer.Kommuner},
)
def list_kommuner():
    return {"kommuner": desk().kommuner(current_user())}


@desk_api.get(
    "/dashboard",
    tags=[DESK],
    summary="Overblik over alle kommuner og landstal (godkender, admin)",
    responses={200: desk_answer.Dashboard, **error_responses(403)},
)
def dashboard():
    return desk().dashboard(current_user())


@desk_api.get(
    "/dashboard/map",
    tags=[DESK],
    summary="Kommunernes omrids farvet efter friskhed (godkender, admin)",
    description="Each feature has `kommune`, `navn`, `freshness` (ingen_udgivelse, "
    "forfalden, snart_forfalden, aktuel), `overdue`, `waiting`.",
    responses={200: GEOJSON, **error_responses(403)},
)
def dashboard_map():
    return _geojson(desk().dashboard_map(current_user()))


@desk_api.get(
    "/kommuner/<kommunekode>/forfaldne",
    tags=[DESK],
    summary="Arealer der er forfaldne eller forfalder inden for 30 dage",
    responses={200: desk_answer.SitesToConfirm, **error_responses(403)},
)
def sites_to_confirm(path: KommunePath):
    return desk().sites_to_confirm(current_user(), path.kommunekode)


@desk_api.post(
    "/kommuner/<kommunekode>/bekraeftelser",
    tags=[DESK],
    summary="Bekræft uændret (kommunens indsender): en indsendelse af den aktuelle "
    "udgivelse med dagens dato for de valgte arealer",
    responses={201: answer.Submission, **error_responses(403, 409)},
)
def confirm_unchanged(path: KommunePath, body: desk_answer.Confirmation):
    return desk().confirm_unchanged(current_user(), path.kommunekode, body.objekt_ids), 201


@desk_api.get(
    "/releases/<int:release_id>/changes",
    tags=[DESK],
    summary="En udgivelses ændringer mod den forrige (eller against)",
    responses={200: desk_answer.ReleaseChanges, **error_responses(403, 404)},
)
def release_changes(path: ReleasePath, query: desk_answer.AgainstQuery):
    return desk().release_changes(current_user(), path.release_id, query.against)


@desk_api.get(
    "/releases/<int:release_id>/changes/map",
    tags=[DESK],
    summary="En udgivelses ændringer som GeoJSON til kortet",
    responses={200: GEOJSON, **error_responses(403, 404)},
)
def release_changes_map(path: ReleasePath, query: desk_answer.AgainstQuery):
    return _geojson(desk().release_changes_map(current_user(), path.release_id, query.against))


@desk_api.get(
    "/kommuner/<kommunekode>/rollback/preview",
    tags=[DESK],
    summary="Hvad det offentlige kort viser efter en tilbagerulning",
    responses={200: desk_answer.RollbackPreview, **error_responses(403, 404)},
)
def rollback_preview(path: KommunePath, query: desk_answer.RollbackPreviewQuery):
    return desk().rollback_preview(current_user(), path.kommunekode, query.release_id)


@desk_api.get(
    "/haendelser",
    tags=[DESK],
    summary="Hændelser (én pr. tilstandsændring); en indsender ser sin kommune",
    responses={200: desk_answer.EventPage, **error_responses(403)},
)
def events(query: desk_answer.EventsQuery):
    listing = desk().events(
        current_user(), query.kommune, Page(query.limit, query.before), query.after
    )
    next_url = None
    if listing.next_before is not None:
        args = request.args.to_dict()
        args.update(
            {
                "limit": str(query.limit),
                "after" if query.after is not None else "before": str(listing.next_before),
            }
        )
        next_url = f"{request.base_url}?{urlencode(args)}"
    return {"events": listing.items, "limit": query.limit, "next": next_url}


@desk_api.get(
    "/kontakter",
    tags=[DESK],
    summary="Kommunernes kontaktadresser (admin)",
    responses={200: desk_answer.Contacts, **error_responses(403)},
)
def contacts():
    return desk().contacts(current_user())


@desk_api.put(
    "/kommuner/<kommunekode>/kontakt",
    tags=[DESK],
    summary="Sæt kommunens kontaktadresse til e-mail om hændelser (admin)",
    responses={200: desk_answer.ContactAnswer, **error_responses(403)},
)
def set_contact(path: KommunePath, body: desk_answer.Contact):
    return desk().set_contact(current_user(), path.kommunekode, body.email)
