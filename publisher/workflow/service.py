"""The workflow as plain functions over the store: submit, decide, release, roll back, audit.

The HTTP API is a thin adapter over this class; the tests and the CLI can call it directly.
After every change of a kommune's current release the ``on_release_changed`` hooks run (the
public build plugs in there through the composition root).
"""
from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..auth import KOMMUNEKODE, add_user
from ..settings import Settings
from ..store import Store, SUBMISSION_STATUSES, User
from . import policy
from .diff import diff, diff_geojson
from .errors import InvalidRequest, UnreadableUpload, UploadTooComplex
from .paging import AUDIT_PAGE, SUBMISSIONS_PAGE, Listing, Page

log = logging.getLogger(__name__)

ReleaseHook = Callable[[str], None]
ALLOWED_SUFFIXES = (".gpkg", ".geojson", ".json")
MAX_COMMENT = 4000


def pause_checkpoint(settings: Settings) -> Callable[[str], None]:
    """Test hook: hang inside a transaction at the named point, so a test can SIGKILL us there."""
    def checkpoint(name: str) -> None:
        if settings.pause_at and name == settings.pause_at:
            if settings.pause_marker:
                Path(settings.pause_marker).write_text(name)
            time.sleep(600)
    return checkpoint


def safe_file_name(name: str | None) -> str:
    """The last path segment of a client's file name, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "indsendelse"


def _comment(value, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_COMMENT:
        raise InvalidRequest(f"{what} skal være tekst på højst {MAX_COMMENT} tegn.",
                             f"{what} must be text of at most {MAX_COMMENT} characters.")
    return value


def object_comments(value) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise InvalidRequest("object_comments skal være en liste af {objekt_id, comment}.",
                             "object_comments must be a list of {objekt_id, comment}.")
    cleaned = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("objekt_id"), str):
            raise InvalidRequest("Hver objektkommentar skal have objekt_id og comment.",
                                 "Each object comment needs objekt_id and comment.")
        cleaned.append({"objekt_id": item["objekt_id"][:100],
                        "comment": _comment(item.get("comment"), "comment")})
    return cleaned


@dataclass
class Workflow:
    store: Store
    settings: Settings
    on_release_changed: list[ReleaseHook] = field(default_factory=list)
    _references_cache: tuple = field(default=(None, None), repr=False)
    _references_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _validation: object = field(default=None, repr=False)

    @property
    def validation(self):
        """The validation workers (``publisher.validation.ValidationPool``), started on first
        use; they keep the reference layers loaded."""
        with self._references_lock:
            if self._validation is None:
                from ..validation import ValidationPool

                self._validation = ValidationPool(self.settings)
            return self._validation

    def close(self) -> None:
        """Stops the validation workers."""
        if self._validation is not None:
            self._validation.close()

    # -- submissions ------------------------------------------------------------------------

    def submit(self, user: User, kommunekode: str, file_name: str | None,
               content: bytes) -> dict:
        if not KOMMUNEKODE.fullmatch(kommunekode or ""):
            raise InvalidRequest("Feltet kommune skal være en kommunekode med fire cifre.",
                                 "The field kommune must be a four-digit kommune code.")
        policy.may_submit(user, kommunekode)
        name = safe_file_name(file_name)
        if not content:
            raise UnreadableUpload("Filen er tom.", "The file is empty.")
        checked = self._validate(name, content, kommunekode)
        report = checked.report
        status = "afvist_automatisk" if report.blocking else "til_godkendelse"
        submission = self.store.add_submission(
            kommunekode=kommunekode, status=status, uploader=user.name,
            ruleset_version=report.ruleset_version, report=report.to_dict(),
            report_hash=report.digest(), file_name=name,
            file_sha256=hashlib.sha256(content).hexdigest(), file_content=content,
            features=checked.rows)
        return self._detail(submission)

    def _validate(self, name: str, content: bytes, kommunekode: str):
        """The validation worker's verdict on the upload, which it reads from a temporary file;
        messages name the file as the sender did."""
        from ..validation import TooComplex, UnreadableSubmission

        suffix = Path(name).suffix.lower()
        suffix = suffix if suffix in ALLOWED_SUFFIXES else ""
        with tempfile.TemporaryDirectory(prefix="upload-", dir=self._work_dir()) as folder:
            path = Path(folder) / f"indsendelse{suffix}"
            path.write_bytes(content)
            try:
                return self.validation.validate(path, kommunekode, name)
            except TooComplex as error:
                raise UploadTooComplex(error.message_da, error.message_en) from error
            except UnreadableSubmission as error:
                raise UnreadableUpload(error.message_da, error.message_en) from error

    def _work_dir(self) -> Path:
        folder = Path(self.settings.data_dir) / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def references(self):
        """The validator's reference layers, reloaded only when an import changed them."""
        from ..references import load_references
        from ..store.reference_layers import reference_imports

        key = tuple(reference_imports(self.store))
        with self._references_lock:
            cached_key, cached = self._references_cache
            if cached_key != key:
                cached = load_references(self.store) if key else None
                self._references_cache = (key, cached)
            return cached

    def submissions(self, user: User, kommunekode: str | None = None,
                    status: str | None = None, page: Page = Page(SUBMISSIONS_PAGE)) -> Listing:
        """One page of submissions (newest first, without reports)."""
        if status and status not in SUBMISSION_STATUSES:
            raise InvalidRequest(f"Ukendt status {status!r}.", f"Unknown status {status!r}.")
        kommune = policy.visible_kommune(user, kommunekode)
        found = self.store.submissions(kommune, status, page.limit + 1, page.before)
        return page.listing([s.to_dict(with_report=False) for s in found])

    def submission(self, user: User, submission_id: int) -> dict:
        submission = self.store.submission(submission_id)
        policy.may_see_kommune(user, submission.kommunekode)
        return self._detail(submission)

    def _detail(self, submission) -> dict:
        state = self.store.kommune_state(submission.kommunekode)
        current = (self.store.release_features(state.release_id)
                   if state.release_id is not None else [])
        data = submission.to_dict()
        data["diff"] = {"against_release_id": state.release_id,
                        **diff(self.store.submission_features(submission.id), current)}
        data["kommune_state"] = state.to_dict()
        return data

    def submission_file(self, user: User, submission_id: int) -> tuple[str, bytes]:
        """The file exactly as it was uploaded."""
        submission = self.store.submission(submission_id)
        policy.may_see_kommune(user, submission.kommunekode)
        return self.store.submission_file(submission_id)

    def submission_map(self, user: User, submission_id: int) -> dict:
        """GeoJSON (WGS84) of the submission's changes against the current release."""
        submission = self.store.submission(submission_id)
        policy.may_see_kommune(user, submission.kommunekode)
        state = self.store.kommune_state(submission.kommunekode)
        current = (self.store.release_features(state.release_id)
                   if state.release_id is not None else [])
        submitted = self.store.submission_features(submission_id)
        references = self.references()
        boundary = None
        if references is not None and references.kommunegraenser is not None:
            kommuner = references.kommunegraenser
            match = kommuner[kommuner["kommunekode"] == submission.kommunekode]
            boundary = match.geometry.iloc[0] if len(match) else None
        return diff_geojson(diff(submitted, current), submitted, current, boundary)

    # -- decisions --------------------------------------------------------------------------

    def _object_comments(self, submission_id: int, comments) -> list[dict]:
        """Comments on objects of the submission or of the release it would replace."""
        cleaned = object_comments(comments)
        if not cleaned:
            return cleaned
        submission = self.store.submission(submission_id)
        known = {row.objekt_id for row in self.store.submission_features(submission_id)}
        state = self.store.kommune_state(submission.kommunekode)
        if state.release_id is not None:
            known |= {row.objekt_id for row in self.store.release_features(state.release_id)}
        unknown = sorted({item["objekt_id"] for item in cleaned} - known)
        if unknown:
            raise InvalidRequest(
                f"Objekterne {', '.join(unknown)} findes hverken i indsendelsen eller i den "
                f"aktuelle udgivelse.", f"The objects {', '.join(unknown)} are neither in the "
                f"submission nor in the current release.")
        return cleaned

    def approve(self, user: User, submission_id: int, comment=None, comments=None,
                expected_version: int | None = None) -> dict:
        policy.may_decide(user)
        release, state = self.store.approve(
            submission_id, user.name, _comment(comment, "comment"),
            self._object_comments(submission_id, comments), expected_version)
        return {"submission": self.store.submission(submission_id).to_dict(with_report=False),
                "release": release.to_dict(), "kommune_state": state.to_dict(),
                "public_build": self._release_changed(release.kommunekode)}

    def reject(self, user: User, submission_id: int, comment=None, comments=None) -> dict:
        policy.may_decide(user)
        submission = self.store.reject(submission_id, user.name, _comment(comment, "comment"),
                                       self._object_comments(submission_id, comments))
        return {"submission": submission.to_dict(with_report=False)}

    def rollback(self, user: User, kommunekode: str, release_id, expected_version=None,
                 comment=None) -> dict:
        policy.may_decide(user)
        if not isinstance(release_id, int) or isinstance(release_id, bool):
            raise InvalidRequest("release_id skal være et heltal.", "release_id must be an integer.")
        state = self.store.rollback(kommunekode, release_id, user.name, expected_version,
                                    _comment(comment, "comment"))
        return {"kommune_state": state.to_dict(), "release": self.store.release(release_id).to_dict(),
                "public_build": self._release_changed(kommunekode)}

    def _release_changed(self, kommunekode: str) -> str:
        """Run the hooks; the release stands even if one fails (the old artefacts stay served)."""
        outcome = "ok" if self.on_release_changed else "ingen"
        for hook in self.on_release_changed:
            try:
                hook(kommunekode)
            except Exception as error:
                log.exception("public build after a release change of %s failed", kommunekode)
                self.store.record("system", "offentlig_build_fejlede", kommunekode=kommunekode,
                                  details={"error": str(error)[:500]})
                outcome = "fejlede"
        return outcome

    # -- releases, audit, users -------------------------------------------------------------

    def releases(self, user: User, kommunekode: str) -> dict:
        policy.may_see_kommune(user, kommunekode)
        state = self.store.kommune_state(kommunekode)
        return {"kommune_state": state.to_dict(),
                "releases": [r.to_dict() for r in self.store.releases(kommunekode)]}

    def release(self, user: User, release_id: int) -> dict:
        release = self.store.release(release_id)
        policy.may_see_kommune(user, release.kommunekode)
        return release.to_dict()

    def audit(self, user: User, kommunekode: str | None = None,
              page: Page = Page(AUDIT_PAGE)) -> Listing:
        """One page of the audit log, newest first."""
        policy.may_read_audit(user)
        found = self.store.audit_log(kommunekode, page.limit + 1, page.before)
        return page.listing([entry.to_dict() for entry in found])

    def users(self, user: User) -> list[dict]:
        policy.may_manage_users(user)
        return [u.to_dict() for u in self.store.users()]

    def add_user(self, user: User, name, role, kommunekode) -> dict:
        policy.may_manage_users(user)
        created, token = add_user(self.store, name if isinstance(name, str) else "",
                                  role if isinstance(role, str) else "",
                                  kommunekode if isinstance(kommunekode, str) else None, user.name)
        return {**created.to_dict(), "token": token}

    def revoke_user(self, user: User, name: str) -> dict:
        policy.may_manage_users(user)
        return self.store.revoke_user(name, user.name).to_dict()
