"""`python -m publisher users add|list|revoke`: who may submit, approve and administer."""

from __future__ import annotations

import argparse
import sys

from datamodel.messages import BilingualError

from ..auth import add_user
from ..store import ROLES
from .common import open_store_for


def register(subparsers) -> None:
    parser = subparsers.add_parser("users", help="users and their roles")
    actions = parser.add_subparsers(dest="users_action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a user and print its token once")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--kommune", help="four-digit kommune code (indsender only)")
    add.set_defaults(handler=handle_add)
    actions.add_parser("list", help="list users").set_defaults(handler=handle_list)
    revoke = actions.add_parser("revoke", help="revoke a user's token")
    revoke.add_argument("name")
    revoke.set_defaults(handler=handle_revoke)


def _fail(error: BilingualError) -> int:
    print(f"fejl: {error.message_da}\nerror: {error.message_en}", file=sys.stderr)
    return 2


def handle_add(args: argparse.Namespace) -> int:
    try:
        user, token = add_user(
            open_store_for(args), args.name, args.role, args.kommune, actor="cli"
        )
    except BilingualError as error:
        return _fail(error)
    print(
        f"Bruger {user.name} ({user.role}{', ' + user.kommunekode if user.kommunekode else ''}) "
        f"oprettet. Token (vises kun denne ene gang / shown only this once):",
        file=sys.stderr,
    )
    print(token)
    return 0


def handle_list(args: argparse.Namespace) -> int:
    for user in open_store_for(args).users():
        state = f"spærret / revoked {user.revoked_at}" if user.revoked_at else "aktiv / active"
        print(f"{user.name:24} {user.role:10} {user.kommunekode or '-':6} {state}")
    return 0


def handle_revoke(args: argparse.Namespace) -> int:
    try:
        user = open_store_for(args).revoke_user(args.name, actor="cli")
    except BilingualError as error:
        return _fail(error)
    print(f"Bruger {user.name} er spærret / user revoked.")
    return 0
