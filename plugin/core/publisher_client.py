"""The publisher's HTTP API (/api/v1) as seen from QGIS: submit, list and read submissions.

Plain ``requests``; no Qt, so it runs inside a QgsTask. Every failure becomes a PublisherError
with a Danish and an English message (the publisher's own when it sent one).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests

from datamodel.messages import BilingualError

TIMEOUT_SECONDS = (10, 300)
"""(connect, read): validation of a large submission on the server may take minutes."""


class PublisherError(BilingualError):
    """The publisher could not be reached or refused; ``status`` is its HTTP status, if any."""

    def __init__(self, message_da: str, message_en: str, status: int | None = None):
        super().__init__(message_da, message_en)
        self.status = status


@dataclass
class PublisherClient:
    base_url: str
    """The publisher's address, with or without /api/v1."""
    token: str

    @property
    def api(self) -> str:
        url = self.base_url.rstrip("/")
        return url if url.endswith("/api/v1") else f"{url}/api/v1"

    def submit(self, path: Path, kommune: str) -> dict:
        """Uploads a submission GeoPackage; the answer holds id, status and the report."""
        with Path(path).open("rb") as handle:
            return self._call("post", "/submissions", data={"kommune": kommune},
                              files={"file": (Path(path).name, handle,
                                              "application/geopackage+sqlite3")})

    def submissions(self, kommune: str | None = None) -> list[dict]:
        """Every submission the token may see, newest first, following the publisher's pages."""
        page = self._call("get", "/submissions", params={"kommune": kommune} if kommune else None)
        found = list(page["submissions"])
        while page.get("next"):
            if not page["next"].startswith(f"{self.api}/"):
                raise PublisherError(f"Publiceringstjenesten henviste til en fremmed adresse: {page['next']}",
                                     f"The publisher pointed to a foreign address: {page['next']}")
            page = self._call("get", page["next"][len(self.api):])
            found.extend(page["submissions"])
        return found

    def submission(self, submission_id: int) -> dict:
        return self._call("get", f"/submissions/{int(submission_id)}")

    def sites_to_confirm(self, kommune: str) -> dict:
        """The kommune's sites that are overdue or due within 30 days for confirmation."""
        return self._call("get", f"/kommuner/{kommune}/forfaldne")

    def confirm_unchanged(self, kommune: str, objekt_ids: list[str]) -> dict:
        """'Bekræft uændret': a submission that only renews the chosen sites' confirmation."""
        return self._call("post", f"/kommuner/{kommune}/bekraeftelser",
                          json={"objekt_ids": list(objekt_ids)})

    def _call(self, method: str, path: str, **arguments) -> dict:
        url = f"{self.api}{path}"
        try:
            response = requests.request(method, url, timeout=TIMEOUT_SECONDS,
                                        headers={"Authorization": f"Bearer {self.token}"},
                                        **arguments)
        except requests.RequestException as error:
            raise PublisherError(f"Kunne ikke nå publiceringstjenesten på {url}: {error}",
                                 f"Could not reach the publisher at {url}: {error}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.ok and isinstance(body, dict):
            return body
        error = body.get("error", {}) if isinstance(body, dict) else {}
        if error.get("message_da"):
            raise PublisherError(error["message_da"], error.get("message_en", error["message_da"]),
                                 response.status_code)
        raise PublisherError(
            f"Publiceringstjenesten svarede {response.status_code} på {url}.",
            f"The publisher answered {response.status_code} at {url}.", response.status_code)
