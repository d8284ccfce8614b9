"""The publisher's HTTP API (/api/v1) as seen from QGIS: submissions and ERST's reference layers.

Every request goes through QGIS's own network stack (``QgsBlockingNetworkRequest`` over
``QgsNetworkAccessManager``), so the proxy, SSL and timeout settings of *Settings ▸ Options ▸
Network* apply, as for every other request QGIS makes. Blocking calls, meant for a QgsTask or a
Processing algorithm (any thread). Every failure becomes a PublisherError with a Danish and an
English message (the publisher's own when it sent one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from qgis.core import QgsBlockingNetworkRequest
from qgis.PyQt.QtCore import QByteArray, QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest
from urllib3.filepost import encode_multipart_formdata

from datamodel.messages import BilingualError

MAX_PAGES = 1000
"""Pages of submissions followed at most (the publisher's pages hold up to 500 each)."""


class PublisherError(BilingualError):
    """The publisher could not be reached or refused; ``status`` is its HTTP status, if any."""

    def __init__(self, message_da: str, message_en: str, status: int | None = None):
        super().__init__(message_da, message_en)
        self.status = status


@dataclass(frozen=True)
class Answer:
    status: int
    content: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Download:
    """A reference layer fetched to ``path`` (None when the copy named by ``etag`` is current)."""

    kind: str
    version: str
    path: Path | None
    feature_count: int | None


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
        path = Path(path)
        body, content_type = encode_multipart_formdata(
            {
                "kommune": kommune,
                "file": (path.name, path.read_bytes(), "application/geopackage+sqlite3"),
            }
        )
        return self._json("POST", "/submissions", body=body, content_type=content_type)

    def submissions(self, kommune: str | None = None) -> list[dict]:
        """Every submission the token may see, newest first, following the publisher's pages."""
        query = f"?{urlencode({'kommune': kommune})}" if kommune else ""
        page = self._json("GET", f"/submissions{query}")
        found = list(page["submissions"])
        for _ in range(MAX_PAGES):
            if not page.get("next"):
                return found
            if not page["next"].startswith(f"{self.api}/"):
                raise PublisherError(
                    f"Publiceringstjenesten henviste til en fremmed adresse: {page['next']}",
                    f"The publisher pointed to a foreign address: {page['next']}",
                )
            page = self._json("GET", page["next"][len(self.api) :])
            found.extend(page["submissions"])
        raise PublisherError(
            f"Over {MAX_PAGES} sider indsendelser; filtrér på kommune.",
            f"More than {MAX_PAGES} pages of submissions; filter by kommune.",
        )

    def submission(self, submission_id: int) -> dict:
        return self._json("GET", f"/submissions/{int(submission_id)}")

    def references(self) -> list[dict]:
        """ERST's reference layers: kind, version, sources with dates, counts."""
        return list(self._json("GET", "/references")["references"])

    def download_reference(
        self,
        kind: str,
        target: Path,
        *,
        kommune: str | None = None,
        buffer: float = 0,
        etag: str | None = None,
    ) -> Download:
        """One reference layer as a GeoPackage written to ``target`` (objects meeting the kommune
        with its buffer, or all). With the ``etag`` of the copy at hand, an unchanged layer is not
        sent again (``path`` None)."""
        query = {"format": "gpkg"}
        if kommune:
            query.update(kommune=kommune, buffer=f"{buffer:g}")
        headers = {"If-None-Match": f'"{etag}"'} if etag else {}
        answer = self._call("GET", f"/references/{kind}?{urlencode(query)}", headers=headers)
        version = answer.headers.get("x-reference-version", "")
        if answer.status == 304:
            return Download(kind, version or etag or "", None, None)
        self._raise_unless_ok(answer, f"{self.api}/references/{kind}")
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(answer.content)
        partial.replace(target)
        count = answer.headers.get("x-feature-count")
        return Download(kind, version, target, int(count) if count and count.isdigit() else None)

    def sites_to_confirm(self, kommune: str) -> dict:
        """The kommune's sites that are overdue or due within 30 days for confirmation."""
        return self._json("GET", f"/kommuner/{kommune}/forfaldne")

    def confirm_unchanged(self, kommune: str, objekt_ids: list[str]) -> dict:
        """'Bekræft uændret': a submission that only renews the chosen sites' confirmation."""
        body = json.dumps({"objekt_ids": list(objekt_ids)}).encode("utf-8")
        return self._json(
            "POST", f"/kommuner/{kommune}/bekraeftelser", body=body, content_type="application/json"
        )

    def _json(self, method: str, path: str, **arguments) -> dict:
        answer = self._call(method, path, **arguments)
        url = f"{self.api}{path}"
        self._raise_unless_ok(answer, url)
        body = _parsed(answer.content)
        if not isinstance(body, dict):
            raise PublisherError(
                f"Publiceringstjenesten svarede ikke med JSON på {url}.",
                f"The publisher did not answer with JSON at {url}.",
                answer.status,
            )
        return body

    def _call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        url = f"{self.api}{path}"
        request = QNetworkRequest(QUrl(url))
        request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        request.setRawHeader(b"Accept", b"application/json")
        for name, value in (headers or {}).items():
            request.setRawHeader(name.encode(), value.encode())
        if content_type:
            request.setHeader(QNetworkRequest.ContentTypeHeader, content_type)
        blocking = QgsBlockingNetworkRequest()
        if method == "POST":
            error = blocking.post(request, QByteArray(body or b""), True)
        else:
            error = blocking.get(request, True)
        reply = blocking.reply()
        status = reply.attribute(QNetworkRequest.HttpStatusCodeAttribute)
        if error != QgsBlockingNetworkRequest.NoError and not status:
            message = blocking.errorMessage()
            raise PublisherError(
                f"Kunne ikke nå publiceringstjenesten på {url}: {message}",
                f"Could not reach the publisher at {url}: {message}",
            ) from None
        received = {
            bytes(name).decode("latin-1").lower(): bytes(reply.rawHeader(name)).decode("latin-1")
            for name in reply.rawHeaderList()
        }
        return Answer(int(status), bytes(reply.content()), received)

    @staticmethod
    def _raise_unless_ok(answer: Answer, url: str) -> None:
        if 200 <= answer.status < 300:
            return
        body = _parsed(answer.content)
        error = body.get("error", {}) if isinstance(body, dict) else {}
        if isinstance(error, dict) and error.get("message_da"):
            raise PublisherError(
                error["message_da"], error.get("message_en", error["message_da"]), answer.status
            )
        raise PublisherError(
            f"Publiceringstjenesten svarede {answer.status} på {url}.",
            f"The publisher answered {answer.status} at {url}.",
            answer.status,
        )


def _parsed(content: bytes):
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
