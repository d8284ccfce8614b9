"""What the API reads: the path, query, form and JSON body of each operation, as pydantic models.

flask-openapi3 checks a request against the models in a route's signature before the route runs
(a mismatch answers 400 ``ugyldig_anmodning`` in Danish and English, see ``errors.py``) and
writes them into /api/v1/openapi.json. Rules that need the store (may this user do it, does
the object exist) stay in the workflow.
"""

from __future__ import annotations

from typing import Annotated, Any

from flask_openapi3 import FileStorage
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..auth import KOMMUNEKODE
from ..store import Role, SubmissionStatus
from ..workflow.paging import AUDIT_PAGE, MAX_ID, SUBMISSIONS_PAGE

MAX_COMMENT = 4000
MAX_OBJECT_COMMENTS = 10_000
MAX_OBJEKT_ID = 100


def _kommunekode(value: str) -> str:
    if not KOMMUNEKODE.fullmatch(value):
        raise PydanticCustomError("kommunekode", "must be a four-digit kommune code (e.g. 0167)")
    return value


Kommunekode = Annotated[
    str,
    AfterValidator(_kommunekode),
    WithJsonSchema(
        {"type": "string", "pattern": "^[0-9]{4}$", "description": "kommunekode (DAGI), e.g. 0167"}
    ),
]
Comment = Annotated[str | None, Field(max_length=MAX_COMMENT)]
ExpectedVersion = Annotated[
    int | None,
    Field(
        ge=0,
        description="kommune_state.version as the client saw it; if the kommune's state has "
        "changed since, the answer is 409 and nothing changes",
    ),
]


# -- path ------------------------------------------------------------------------------------


class SubmissionPath(BaseModel):
    submission_id: int


class ReleasePath(BaseModel):
    release_id: int


class KommunePath(BaseModel):
    kommunekode: Kommunekode


class UserPath(BaseModel):
    name: str


# -- query -----------------------------------------------------------------------------------


class Query(BaseModel):
    """Query parameters; an empty value (``?status=``) counts as not given."""

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data


class PageQuery(Query):
    """A listing page by page (newest first); each listing adds its own ``limit``."""

    kommune: Kommunekode | None = None
    before: int | None = Field(
        None, ge=0, le=MAX_ID, description="continue below this id (the `next` link carries it)"
    )


class SubmissionsQuery(PageQuery):
    status: SubmissionStatus | None = None
    limit: int = Field(
        SUBMISSIONS_PAGE.default, ge=1, le=SUBMISSIONS_PAGE.maximum, description="rows per page"
    )


class AuditQuery(PageQuery):
    limit: int = Field(AUDIT_PAGE.default, ge=1, le=AUDIT_PAGE.maximum, description="rows per page")


# -- form ------------------------------------------------------------------------------------


class Upload(BaseModel):
    # flask-openapi3 reads each form value as JSON first, so "1234" would arrive as a number.
    model_config = ConfigDict(coerce_numbers_to_str=True)

    file: FileStorage = Field(description="GeoPackage or GeoJSON")
    kommune: Kommunekode


# -- JSON bodies -----------------------------------------------------------------------------


class Body(BaseModel):
    """A JSON body: types as written (no "3" for 3, no true for 1); unknown keys are ignored."""

    model_config = ConfigDict(strict=True)


class ObjectComment(Body):
    objekt_id: str = Field(max_length=MAX_OBJEKT_ID)
    comment: Comment = None


class Rejection(Body):
    """All optional; no body at all is the same as ``{}``."""

    comment: Comment = None
    expected_version: ExpectedVersion = None
    object_comments: list[ObjectComment] | None = Field(
        None,
        max_length=MAX_OBJECT_COMMENTS,
        description="comments on single objects of the submission or of the current release",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_body_is_empty(cls, data: Any) -> Any:
        return {} if data is None else data

    def comment_text(self) -> str:
        return self.comment or ""

    def object_comment_list(self) -> list[dict]:
        return [item.model_dump() for item in self.object_comments or ()]


class Approval(Rejection):
    against_release_id: int | None = Field(
        None,
        ge=0,
        description="approve against this (the current) release: the file is "
        "validated and diffed anew; 409 foraeldet_grundlag if it is no "
        "longer current",
    )


class Rollback(Body):
    release_id: int
    expected_version: ExpectedVersion = None
    comment: Comment = None
    confirm_republish: bool = Field(
        False,
        description="needed when the rollback makes objects public again that the "
        "current release keeps for authorities only or has deleted (else 409 "
        "bekraeftelse_kraeves); see GET …/rollback/preview",
    )


class NewUser(Body):
    name: str = Field(max_length=64, description="letters, digits and _.@-")
    role: Role
    kommune: Kommunekode | None = Field(None, description="only for an indsender, who needs one")
