"""Who may do what. One place, read by the service before every action."""

from __future__ import annotations

from ..errors import Forbidden
from ..store import NotFound, Release, Submission, User

DECIDERS = ("godkender",)
OVERSEERS = ("godkender", "admin")


def require_role(user: User, roles: tuple[str, ...], action_da: str, action_en: str) -> None:
    if user.role not in roles:
        raise Forbidden(
            f"Rollen {user.role} må ikke {action_da}.", f"The role {user.role} may not {action_en}."
        )


def may_submit(user: User, kommunekode: str) -> None:
    require_role(user, ("indsender",), "indsende", "submit")
    if user.kommunekode != kommunekode:
        raise Forbidden(
            f"Du kan kun indsende for kommune {user.kommunekode}, ikke {kommunekode}.",
            f"You may submit only for kommune {user.kommunekode}, not {kommunekode}.",
        )


def may_see_kommune(user: User, kommunekode: str) -> None:
    if user.role == "indsender" and user.kommunekode != kommunekode:
        raise Forbidden(
            f"Du har kun adgang til kommune {user.kommunekode}.",
            f"You have access only to kommune {user.kommunekode}.",
        )


def may_see_submission(user: User, submission: Submission) -> None:
    """Another kommune's submission is answered exactly as a missing one (no hint it exists)."""
    if user.role == "indsender" and user.kommunekode != submission.kommunekode:
        raise NotFound(
            f"Indsendelse {submission.id} findes ikke.",
            f"Submission {submission.id} does not exist.",
        )


def may_see_release(user: User, release: Release) -> None:
    if user.role == "indsender" and user.kommunekode != release.kommunekode:
        raise NotFound(
            f"Udgivelse {release.id} findes ikke.", f"Release {release.id} does not exist."
        )


def visible_kommune(user: User, requested: str | None) -> str | None:
    """The kommune filter a listing must use: an indsender sees only its own kommune."""
    if user.role == "indsender":
        if requested and requested != user.kommunekode:
            may_see_kommune(user, requested)
        return user.kommunekode
    return requested


def may_decide(user: User) -> None:
    require_role(
        user, DECIDERS, "godkende, afvise eller rulle tilbage", "approve, reject or roll back"
    )


def may_read_audit(user: User) -> None:
    require_role(user, OVERSEERS, "læse revisionssporet", "read the audit log")


def may_manage_users(user: User) -> None:
    require_role(user, ("admin",), "administrere brugere", "manage users")
