"""The workflow as plain functions over the store: submit, decide, release, roll back, audit.

The HTTP API is a thin adapter over this class; the tests and the CLI can call it directly.
After every change of a kommune's current release the ``publication`` is asked for a new public
build (the background build worker, plugged in by the composition root) and the
``on_release_changed`` hooks run.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from ..auth import KOMMUNEKODE, add_user
from ..errors import InvalidRequest, RevalidationBlocked, UnreadableUpload, UploadTooComplex
from ..settings import Settings
from ..store import Conflict, Rebase, StaleBase, Store, SUBMISSION_STATUSES, User
from . import policy
from .diff import bounded, diff, diff_geojson
from .paging import AUDIT_PAGE, SUBMISSIONS_PAGE, Listing, Page
from .uploads import upload_folder

if TYPE_CHECKING:
    from ..validation.pool import ValidationPool

log = logging.getLogger(__name__)

ReleaseHook = Callable[[str], None]


class Publication(Protocol):
    """What the workflow needs of the public side (``publisher.publication.BuildWorker``)."""

    def request(self, kommunekode: str) -> dict: ...

    def status(self) -> dict: ...


ALLOWED_SUFFIXES = (".gpkg", ".geojson", ".json")


def safe_file_name(name: str | None) -> str:
    """The last path segment of a client's file name, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "indsendelse"


@dataclass
class Workflow:
    store: Store
    settings: Settings
    on_release_changed: list[ReleaseHook] = field(default_factory=list)
    publication: Publication | None = None
    _references_cache: tuple = field(default=(None, None), repr=False)
    _references_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _validation: ValidationPool | None = field(default=None, repr=False)

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

    def submit(
        self,
        user: User,
        kommunekode: str,
        file_name: str | None,
        content: bytes,
        kind: str = "indsendelse",
    ) -> dict:
        if not KOMMUNEKODE.fullmatch(kommunekode or ""):
            raise InvalidRequest(
                "Feltet kommune skal være en kommunekode med fire cifre.",
                "The field kommune must be a four-digit kommune code.",
            )
        policy.may_submit(user, kommunekode)
        name = safe_file_name(file_name)
        if not content:
            raise UnreadableUpload("Filen er tom.", "The file is empty.")
        checked = self._validate(name, content, kommunekode)
        report = checked.report
        status = "afvist_automatisk" if report.blocking else "til_godkendelse"
        submission = self.store.add_submission(
            kommunekode=kommunekode,
            status=status,
            uploader=user.name,
            ruleset_version=report.ruleset_version,
            report=report.to_dict(),
            report_hash=report.digest(),
            file_name=name,
            file_sha256=hashlib.sha256(content).hexdigest(),
            file_content=content,
            features=checked.rows,
            kind=kind,
        )
        return self._detail(submission)

    def _validate(self, name: str, content: bytes, kommunekode: str):
        """The validation worker's verdict on the upload, which it reads from a temporary file;
        messages name the file as the sender did."""
        from ..validation import TooComplex, UnreadableSubmission

        suffix = Path(name).suffix.lower()
        suffix = suffix if suffix in ALLOWED_SUFFIXES else ""
        with upload_folder(self.settings.data_dir) as folder:
            path = folder / f"indsendelse{suffix}"
            path.write_bytes(content)
            try:
                return self.validation.validate(path, kommunekode, name)
            except TooComplex as error:
                raise UploadTooComplex(error.message_da, error.message_en) from error
            except UnreadableSubmission as error:
                raise UnreadableUpload(error.message_da, error.message_en) from error

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

    def submissions(
        self,
        user: User,
        kommunekode: str | None = None,
        status: str | None = None,
        page: Page | None = None,
    ) -> Listing:
        """One page of submissions (newest first, without reports)."""
        if status and status not in SUBMISSION_STATUSES:
            raise InvalidRequest(f"Ukendt status {status!r}.", f"Unknown status {status!r}.")
        kommune = policy.visible_kommune(user, kommunekode)
        page = page or Page(SUBMISSIONS_PAGE.default)
        found = self.store.submissions(kommune, status, page.limit + 1, page.before)
        return page.listing([s.to_dict(with_report=False) for s in found])

    def _visible_submission(self, user: User, submission_id: int):
        submission = self.store.submission(submission_id)
        policy.may_see_submission(user, submission)
        return submission

    def submission(self, user: User, submission_id: int) -> dict:
        return self._detail(self._visible_submission(user, submission_id))

    def _detail(self, submission) -> dict:
        state = self.store.kommune_state(submission.kommunekode)
        current = (
            self.store.release_features(state.release_id) if state.release_id is not None else []
        )
        data = submission.to_dict()
        data["diff"] = {
            "against_release_id": state.release_id,
            **bounded(diff(self.store.submission_features(submission.id), current)),
        }
        data["kommune_state"] = state.to_dict()
        data["stale_base"] = (
            submission.status == "til_godkendelse"
            and submission.base_release_id != state.release_id
        )
        return data

    def submission_file(self, user: User, submission_id: int) -> tuple[str, bytes]:
        """The file exactly as it was uploaded."""
        self._visible_submission(user, submission_id)
        return self.store.submission_file(submission_id)

    def submission_map(self, user: User, submission_id: int) -> dict:
        """GeoJSON (WGS84) of the submission's changes against the current release."""
        submission = self._visible_submission(user, submission_id)
        state = self.store.kommune_state(submission.kommunekode)
        current = (
            self.store.release_features(state.release_id) if state.release_id is not None else []
        )
        submitted = self.store.submission_features(submission_id)
        references = self.references()
        boundary = None
        if references is not None and references.kommunegraenser is not None:
            kommuner = references.kommunegraenser
            match = kommuner[kommuner["kommunekode"] == submission.kommunekode]
            boundary = match.geometry.iloc[0] if len(match) else None
        return diff_geojson(diff(submitted, current), submitted, current, boundary)

    # -- decisions --------------------------------------------------------------------------

    def _object_comments(self, submission_id: int, comments: Sequence[dict]) -> list[dict]:
        """Comments ({objekt_id, comment}) on objects of the submission or of the release it
        would replace."""
        cleaned = [
            {"objekt_id": item["objekt_id"], "comment": item.get("comment") or ""}
            for item in comments
        ]
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
                f"aktuelle udgivelse.",
                f"The objects {', '.join(unknown)} are neither in the "
                f"submission nor in the current release.",
            )
        return cleaned

    def approve(
        self,
        user: User,
        submission_id: int,
        comment: str = "",
        object_comments: Sequence[dict] = (),
        expected_version: int | None = None,
        against_release_id: int | None = None,
    ) -> dict:
        """Approve the submission. Its base (the release it was diffed against) must still be
        current, else 409 ``foraeldet_grundlag``; ``against_release_id`` approves against the
        current release explicitly, after validating the file anew and diffing it against that."""
        policy.may_decide(user)
        rebase = (
            self._rebase(submission_id, against_release_id)
            if against_release_id is not None
            else None
        )
        release, state = self.store.approve(
            submission_id,
            user.name,
            comment,
            self._object_comments(submission_id, object_comments),
            expected_version,
            rebase=rebase,
        )
        self.store.checkpoint("approve.after_commit")
        return {
            "submission": self.store.submission(submission_id).to_dict(with_report=False),
            "release": release.to_dict(),
            "kommune_state": state.to_dict(),
            "public_build": self._release_changed(release.kommunekode),
        }

    def _rebase(self, submission_id: int, against_release_id: int) -> Rebase:
        submission = self.store.submission(submission_id)
        if submission.kind == "bekraeftelse":
            raise Conflict(
                f"Bekræftelse {submission_id} blev lavet af en ældre udgivelse og kan ikke "
                f"godkendes mod en nyere; afvis den, så kommunen kan bekræfte igen.",
                f"Confirmation {submission_id} was made from an older release and cannot be "
                f"approved against a newer one; reject it so the kommune can confirm again.",
            )
        current = self.store.kommune_state(submission.kommunekode).release_id
        if current != against_release_id:
            raise StaleBase(submission_id, submission.kommunekode, against_release_id, current)
        name, content = self.store.submission_file(submission_id)
        checked = self._validate(name, content, submission.kommunekode)
        report = checked.report
        if report.blocking:
            raise RevalidationBlocked(submission_id, report.summary)
        features = checked.rows
        counts = diff(features, self.store.release_features(current) if current else [])["counts"]
        return Rebase(
            against_release_id,
            report.ruleset_version,
            report.to_dict(),
            report.digest(),
            features,
            counts,
        )

    def reject(
        self,
        user: User,
        submission_id: int,
        comment: str = "",
        object_comments: Sequence[dict] = (),
        expected_version: int | None = None,
    ) -> dict:
        policy.may_decide(user)
        if expected_version is not None:
            kommunekode = self.store.submission(submission_id).kommunekode
            state = self.store.kommune_state(kommunekode)
            if state.version != expected_version:
                raise Conflict(
                    f"Kommune {kommunekode} er ændret imens (version {state.version}, forventet "
                    f"{expected_version}); hent den nyeste tilstand og prøv igen.",
                    f"Kommune {kommunekode} changed meanwhile (version {state.version}, expected "
                    f"{expected_version}); fetch the latest state and try again.",
                )
        submission = self.store.reject(
            submission_id, user.name, comment, self._object_comments(submission_id, object_comments)
        )
        return {"submission": submission.to_dict(with_report=False)}

    def rollback(
        self,
        user: User,
        kommunekode: str,
        release_id: int,
        expected_version: int | None = None,
        comment: str = "",
    ) -> dict:
        policy.may_decide(user)
        state = self.store.rollback(kommunekode, release_id, user.name, expected_version, comment)
        self.store.checkpoint("rollback.after_commit")
        return {
            "kommune_state": state.to_dict(),
            "release": self.store.release(release_id).to_dict(),
            "public_build": self._release_changed(kommunekode),
        }

    def _release_changed(self, kommunekode: str) -> str:
        """Queue the public build (``i_koe``) and run the hooks; the release stands even if one
        fails (the old artefacts stay served)."""
        outcome = "ingen"
        if self.publication is not None:
            self.publication.request(kommunekode)
            outcome = "i_koe"
        for hook in self.on_release_changed:
            try:
                hook(kommunekode)
                outcome = "ok" if outcome == "ingen" else outcome
            except Exception as error:
                log.exception("public build after a release change of %s failed", kommunekode)
                self.store.record(
                    "system",
                    "offentlig_build_fejlede",
                    kommunekode=kommunekode,
                    details={"error": str(error)[:500]},
                )
                outcome = "fejlede"
        return outcome

    # -- releases, audit, users -------------------------------------------------------------

    def releases(self, user: User, kommunekode: str) -> dict:
        policy.may_see_kommune(user, kommunekode)
        state = self.store.kommune_state(kommunekode)
        return {
            "kommune_state": state.to_dict(),
            "releases": [r.to_dict() for r in self.store.releases(kommunekode)],
            "public": self.public_state(kommunekode, state.release_id),
        }

    def public_state(self, kommunekode: str, release_id: int | None) -> dict:
        """Whether the public map serves the kommune's current release (``live``), since when,
        and what this process's build worker is doing."""
        from ..publication import kommune_public_state

        worker = self.publication.status() if self.publication is not None else None
        return kommune_public_state(self.settings.public_path, kommunekode, release_id, worker)

    def release(self, user: User, release_id: int) -> dict:
        release = self.store.release(release_id)
        policy.may_see_release(user, release)
        return release.to_dict()

    def audit(
        self, user: User, kommunekode: str | None = None, page: Page | None = None
    ) -> Listing:
        """One page of the audit log, newest first."""
        policy.may_read_audit(user)
        page = page or Page(AUDIT_PAGE.default)
        found = self.store.audit_log(kommunekode, page.limit + 1, page.before)
        return page.listing([entry.to_dict() for entry in found])

    def users(self, user: User) -> list[dict]:
        policy.may_manage_users(user)
        return [u.to_dict() for u in self.store.users()]

    def add_user(self, user: User, name: str, role: str, kommunekode: str | None) -> dict:
        policy.may_manage_users(user)
        created, token = add_user(self.store, name, role, kommunekode, user.name)
        return {**created.to_dict(), "token": token}

    def revoke_user(self, user: User, name: str) -> dict:
        policy.may_manage_users(user)
        return self.store.revoke_user(name, user.name).to_dict()
