"""Users, roles and bearer tokens. Tokens are shown once and stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from .errors import InvalidUser
from .store import ROLES, Store, User

KOMMUNEKODE = re.compile(r"\d{4}")
USER_NAME = re.compile(r"[A-Za-z0-9ÆØÅæøå_.@-]{1,64}")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(
    store: Store, name: str, role: str, kommunekode: str | None, actor: str
) -> tuple[User, str]:
    """The new user and its token (the only time the token is known in clear)."""
    if not USER_NAME.fullmatch(name or ""):
        raise InvalidUser(
            "Brugernavnet må kun have bogstaver, tal og _.@- (højst 64 tegn).",
            "The user name may only hold letters, digits and _.@- (at most 64).",
        )
    if role not in ROLES:
        raise InvalidUser(
            f"Ukendt rolle {role!r}; brug {', '.join(ROLES)}.",
            f"Unknown role {role!r}; use {', '.join(ROLES)}.",
        )
    if role == "indsender" and not KOMMUNEKODE.fullmatch(kommunekode or ""):
        raise InvalidUser(
            "En indsender skal have en kommunekode med fire cifre (fx 0167).",
            "A submitter needs a four-digit kommune code (e.g. 0167).",
        )
    if role != "indsender" and kommunekode:
        raise InvalidUser(
            "Kun en indsender er bundet til en kommune.", "Only a submitter is bound to a kommune."
        )
    token = new_token()
    user = store.add_user(
        name, role, kommunekode if role == "indsender" else None, hash_token(token), actor
    )
    return user, token


def authenticate(store: Store, authorization_header: str | None) -> User | None:
    """The active user behind ``Authorization: Bearer <token>``, or None."""
    if not authorization_header:
        return None
    scheme, _, token = authorization_header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 512:
        return None
    presented = hash_token(token.strip())
    found = store.user_by_token_hash(presented)
    if found is None:
        return None
    user, stored = found
    if not hmac.compare_digest(stored, presented) or not user.active:
        return None
    return user
