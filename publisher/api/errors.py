"""The API's JSON error bodies, shared by the Flask app and the nginx site (deploy/render_nginx.py)."""
from __future__ import annotations


def error_body(code: str, message_da: str, message_en: str) -> dict:
    return {"error": {"code": code, "message_da": message_da, "message_en": message_en}}


def _megabytes(size: int, decimal: str) -> str:
    megabytes = size / (1024 * 1024)
    text = f"{megabytes:.0f}" if megabytes >= 10 or megabytes.is_integer() else f"{megabytes:.1f}"
    return text.replace(".", decimal)


def too_large_body(max_upload_bytes: int) -> dict:
    """413: the upload is over the configured limit (stated in MB, as a planner reads it)."""
    return error_body("fil_for_stor",
                      f"Filen er større end grænsen på {_megabytes(max_upload_bytes, ',')} MB.",
                      f"The file is larger than the limit of {_megabytes(max_upload_bytes, '.')} MB.")
