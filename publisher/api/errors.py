"""The API's JSON error bodies and HTTP statuses, shared by the Flask app and the nginx site
(deploy/render_nginx.py renders its 413 from ``too_large_body``).

Every error answer is ``{"error": {"code", "message_da", "message_en"}}``. The domain raises
``publisher.errors.DomainError`` and the store ``StoreError``; ``STATUSES`` maps them to HTTP
here, and a request that does not match its model becomes a 400 with the field named.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask_openapi3.types import ResponseDict
from pydantic import ValidationError

from datamodel.messages import BilingualError

from ..errors import (
    Forbidden,
    InvalidRequest,
    NotAuthenticated,
    RevalidationBlocked,
    UnreadableUpload,
    UploadTooLarge,
)
from ..store import Conflict, NotFound, StoreUnavailable

STATUSES: dict[type[BilingualError], int] = {
    InvalidRequest: 400,
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RevalidationBlocked: 409,
    UploadTooLarge: 413,
    UnreadableUpload: 422,
    StoreUnavailable: 503,
}
"""The status of each error class; a subclass answers as its nearest listed base, others 400."""

DESCRIPTIONS = {
    400: "Ugyldig anmodning (ugyldig_anmodning) / bad request",
    401: "Mangler eller ugyldigt token (ikke_logget_ind)",
    403: "Forkert rolle eller kommune (ingen_adgang)",
    404: "Findes ikke (findes_ikke)",
    409: "Konflikt (konflikt, foraeldet_grundlag, blokerende_fund): tilstanden er ændret "
    "(version, aktuel udgivelse) eller forbyder handlingen",
    413: "Filen er over størrelsesgrænsen (fil_for_stor)",
    422: "Filen kan ikke læses (fil_kan_ikke_laeses), eller den er for stor eller for kompleks "
    "til at blive kontrolleret (fil_for_kompleks)",
    503: "Databasen er ikke tilgængelig lige nu (database_utilgaengelig); prøv igen",
}
ERROR_SCHEMA = "ErrorBody"


def http_status(error: BilingualError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUSES:
            return STATUSES[cls]
    return 400


def error_responses(*statuses: int) -> ResponseDict:
    """OpenAPI responses of an operation's errors; every operation may also answer 400 (its
    input), 401 (no valid token) and 503 (the database)."""
    return {
        status: {
            "description": DESCRIPTIONS[status],
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}
            },
        }
        for status in sorted({400, 401, 503, *statuses})
    }


def error_body(code: str, message_da: str, message_en: str) -> dict:
    return {"error": {"code": code, "message_da": message_da, "message_en": message_en}}


def _megabytes(size: int, decimal: str) -> str:
    megabytes = size / (1024 * 1024)
    text = f"{megabytes:.0f}" if megabytes >= 10 or megabytes.is_integer() else f"{megabytes:.1f}"
    return text.replace(".", decimal)


def too_large_body(max_upload_bytes: int) -> dict:
    """413: the upload is over the configured limit (stated in MB, as a planner reads it)."""
    return error_body(
        "fil_for_stor",
        f"Filen er større end grænsen på {_megabytes(max_upload_bytes, ',')} MB.",
        f"The file is larger than the limit of {_megabytes(max_upload_bytes, '.')} MB.",
    )


# -- requests that do not match their model --------------------------------------------------

MAX_LISTED_PROBLEMS = 5
_PROBLEMS = {
    # pydantic error type: (Danish, English), formatted with the error's context
    "missing": ("mangler", "is missing"),
    "int_type": ("skal være et heltal", "must be an integer"),
    "int_parsing": ("skal være et heltal", "must be an integer"),
    "int_from_float": ("skal være et heltal", "must be an integer"),
    "string_type": ("skal være tekst", "must be text"),
    "bool_type": ("skal være true eller false", "must be true or false"),
    "list_type": ("skal være en liste", "must be a list"),
    "model_type": ("skal være et JSON-objekt", "must be a JSON object"),
    "dict_type": ("skal være et JSON-objekt", "must be a JSON object"),
    "greater_than_equal": ("skal være mindst {ge}", "must be at least {ge}"),
    "less_than_equal": ("må højst være {le}", "must be at most {le}"),
    "string_too_long": (
        "må højst have {max_length} tegn",
        "must have at most {max_length} characters",
    ),
    "too_long": ("må højst have {max_length} elementer", "must have at most {max_length} items"),
    "literal_error": ("skal være en af {expected}", "must be one of {expected}"),
    "enum": ("skal være en af {expected}", "must be one of {expected}"),
    "kommunekode": (
        "skal være en kommunekode med fire cifre (fx 0167)",
        "must be a four-digit kommune code (e.g. 0167)",
    ),
}


def _place(location: tuple[Any, ...]) -> tuple[str, str]:
    if not location:
        return "Kroppen", "The body"
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)
    return path.lstrip("."), path.lstrip(".")


def _problem(error: Any) -> tuple[str, str]:
    danish, english = _PROBLEMS.get(error["type"], ("har en ugyldig værdi", error["msg"]))
    context = error.get("ctx") or {}
    where_da, where_en = _place(tuple(error["loc"]))
    return (
        f"{where_da} {danish.format(**context)}",
        f"{where_en} {english.format(**context)}"
        if error["type"] in _PROBLEMS
        else f"{where_en}: {english}",
    )


def invalid_input(error: ValidationError) -> NoReturn:
    """flask-openapi3's ``validation_error_callback``: the first problems, named by field."""
    problems = [_problem(item) for item in error.errors()[:MAX_LISTED_PROBLEMS]]
    raise InvalidRequest(
        "; ".join(da for da, _ in problems) + ".", "; ".join(en for _, en in problems) + "."
    )
