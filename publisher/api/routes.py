"""HTTP adapter of the workflow under /api/v1: each route names its input models in its
signature, calls the service and returns its dict, declared by a response model.

A new endpoint (see docs/api.md, "Adding an endpoint"): its input models in
``request_models.py``, its answer in ``response_models.py``, a function here (or in a module of
its own with ``blueprint.api_blueprint``, listed in ``API_BLUEPRINTS``), the logic in the
workflow.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, current_app, request
from flask_openapi3 import Tag

from ..workflow.paging import Listing, Page
from . import response_models as answer
from .blueprint import api_blueprint, current_user, workflow
from .desk_models import ReleaseHistory
from .desk_routes import desk
from .errors import error_responses
from .request_models import (
    Approval,
    AuditQuery,
    KommunePath,
    NewUser,
    Rejection,
    ReleasePath,
    Rollback,
    SubmissionPath,
    SubmissionsQuery,
    Upload,
    UserPath,
)

SUBMISSIONS = Tag(name="indsendelser", description="Indsendelser og afgørelser / submissions")
RELEASES = Tag(name="udgivelser", description="Udgivelser / releases")
ADMINISTRATION = Tag(name="administration", description="Revisionsspor og brugere")

api = api_blueprint("api_v1", __name__)


@api.post(
    "/submissions",
    tags=[SUBMISSIONS],
    summary="Indsend en fil (indsender, egen kommune)",
    responses={201: answer.Submission, **error_responses(403, 413, 422)},
)
def submit(form: Upload):
    content = form.file.read()
    return workflow().submit(current_user(), form.kommune, form.file.filename, content), 201


def _paged(key: str, listing: Listing, limit: int) -> dict:
    """The page's items, its limit, and ``next``: this URL continued below the last id seen."""
    next_url = None
    if listing.next_before is not None:
        args = request.args.to_dict()
        args.update(limit=str(limit), before=str(listing.next_before))
        next_url = f"{request.base_url}?{urlencode(args)}"
    return {key: listing.items, "limit": limit, "next": next_url}


@api.get(
    "/submissions",
    tags=[SUBMISSIONS],
    summary="List indsendelser (nyeste først, side for side, uden rapport)",
    responses={200: answer.SubmissionPage, **error_responses(403)},
)
def list_submissions(query: SubmissionsQuery):
    listing = workflow().submissions(
        current_user(), query.kommune, query.status, Page(query.limit, query.before)
    )
    return _paged("submissions", listing, query.limit)


@api.get(
    "/submissions/<int:submission_id>",
    tags=[SUBMISSIONS],
    summary="Én indsendelse med rapport og ændringer",
    responses={200: answer.Submission, **error_responses(403, 404)},
)
def get_submission(path: SubmissionPath):
    return workflow().submission(current_user(), path.submission_id)


@api.get(
    "/submissions/<int:submission_id>/file",
    tags=[SUBMISSIONS],
    summary="Den indsendte fil, uændret",
    responses={
        200: {
            "description": "the file as uploaded",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        },
        **error_responses(403, 404),
    },
)
def submission_file(path: SubmissionPath):
    name, content = workflow().submission_file(current_user(), path.submission_id)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return Response(
        content,
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{ascii_name}"'},
    )


@api.get(
    "/submissions/<int:submission_id>/map",
    tags=[SUBMISSIONS],
    summary="Ændringerne som GeoJSON (WGS84) til kortet",
    description="Each feature has `aendring` (ny, aendret, slettet, uaendret, or "
    "kommunegraense for the outline), `layer`, `objekt_id`, `navn`, `felter`.",
    responses={
        200: {
            "description": "FeatureCollection",
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
        },
        **error_responses(403, 404),
    },
)
def submission_map(path: SubmissionPath):
    response = current_app.json.response(
        workflow().submission_map(current_user(), path.submission_id)
    )
    response.mimetype = "application/geo+json"
    return response


@api.post(
    "/submissions/<int:submission_id>/approve",
    tags=[SUBMISSIONS],
    summary="Godkend (godkender): en ny udgivelse bliver kommunens aktuelle",
    responses={200: answer.Approved, **error_responses(403, 404, 409)},
)
def approve(path: SubmissionPath, body: Approval):
    return workflow().approve(
        current_user(),
        path.submission_id,
        body.comment_text(),
        body.object_comment_list(),
        body.expected_version,
        body.against_release_id,
    )


@api.post(
    "/submissions/<int:submission_id>/reject",
    tags=[SUBMISSIONS],
    summary="Afvis (godkender) med kommentarer",
    responses={200: answer.Rejected, **error_responses(403, 404, 409)},
)
def reject(path: SubmissionPath, body: Rejection):
    return workflow().reject(
        current_user(),
        path.submission_id,
        body.comment_text(),
        body.object_comment_list(),
        body.expected_version,
    )


@api.get(
    "/kommuner/<kommunekode>/releases",
    tags=[RELEASES],
    summary="Kommunens udgivelser, hver med offentlige objekter og ændringer mod den forrige",
    responses={200: ReleaseHistory, **error_responses(403)},
)
def list_releases(path: KommunePath):
    return desk().release_history(current_user(), path.kommunekode)


@api.get(
    "/releases/<int:release_id>",
    tags=[RELEASES],
    summary="Én udgivelse",
    responses={200: answer.Release, **error_responses(403, 404)},
)
def get_release(path: ReleasePath):
    return workflow().release(current_user(), path.release_id)


@api.post(
    "/kommuner/<kommunekode>/rollback",
    tags=[RELEASES],
    summary="Rul tilbage til en tidligere udgivelse (godkender); genudgiver den objekter, "
    "der nu er for myndigheder eller slettet, kræves confirm_republish",
    responses={200: answer.RolledBack, **error_responses(403, 404, 409)},
)
def rollback(path: KommunePath, body: Rollback):
    return desk().rollback(
        current_user(),
        path.kommunekode,
        body.release_id,
        body.expected_version,
        body.comment or "",
        body.confirm_republish,
    )


@api.get(
    "/audit",
    tags=[ADMINISTRATION],
    summary="Revisionsspor (godkender, admin)",
    responses={200: answer.AuditPage, **error_responses(403)},
)
def audit(query: AuditQuery):
    listing = workflow().audit(current_user(), query.kommune, Page(query.limit, query.before))
    return _paged("entries", listing, query.limit)


@api.get(
    "/users",
    tags=[ADMINISTRATION],
    summary="Brugere (admin)",
    responses={200: answer.Users, **error_responses(403)},
)
def list_users():
    return {"users": workflow().users(current_user())}


@api.post(
    "/users",
    tags=[ADMINISTRATION],
    summary="Opret bruger (admin); svaret har token én gang",
    responses={201: answer.NewUserAnswer, **error_responses(403, 409)},
)
def add_user(body: NewUser):
    return workflow().add_user(current_user(), body.name, body.role, body.kommune), 201


@api.delete(
    "/users/<name>",
    tags=[ADMINISTRATION],
    summary="Spær en bruger (admin)",
    responses={200: answer.User, **error_responses(403, 404)},
)
def revoke_user(path: UserPath):
    return workflow().revoke_user(current_user(), path.name)


@api.get(
    "/me",
    tags=[ADMINISTRATION],
    summary="Hvem er jeg",
    responses={200: answer.User, **error_responses()},
)
def me():
    return current_user().to_dict()
