"""Seeding the demo store through the real chain: references, users, submit, approve, build.

Every step goes through the publisher's own functions (reference import, users with hashed
tokens, the workflow's validation and approval, the public build hook), so the demo shows what
production does. Seeding is idempotent: references already imported, users already created and
kommuner already published are left as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from datamodel.messages import BilingualError

from ..auth import add_user
from ..references import import_reference_file
from ..settings import Settings
from ..store import Store, User, open_store
from ..store.reference_layers import reference_imports
from ..workflow import Workflow
from .data import (
    DEFAULT_SEED,
    DemoDataset,
    generate_demo,
    update_of,
    write_references,
    write_submission,
)
from .national import import_national_references

DEMO_ACTOR = "demo"
GODKENDER = "demo-godkender"
ADMIN = "demo-admin"
TOKENS_FILE = "demo-brugere.json"
DEMO_FOLDER = "demo"
DATASET_FILE = "datasaet.json"
UPDATE_KOMMUNE = "0751"
"""The kommune whose update the demo leaves in the approval queue."""


def indsender_name(kommunekode: str) -> str:
    return f"demo-indsender-{kommunekode}"


class DemoError(BilingualError, RuntimeError):
    """The demo could not be seeded."""


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    kommunekode: str | None
    token: str | None
    """None when the user was created by an earlier run whose token file is gone."""


@dataclass
class SeedResult:
    boundary_source: str
    users: list[DemoUser] = field(default_factory=list)
    references_imported: list[str] = field(default_factory=list)
    published: dict[str, int] = field(default_factory=dict)
    """kommunekode -> release id made by this run."""
    already_published: dict[str, int] = field(default_factory=dict)
    """kommunekode -> current release id left as it was."""
    awaiting_approval: int | None = None
    """The demo update left in the approval queue by this run (a diff for the approver)."""
    public_build: str | None = None


def seed_demo(
    settings: Settings,
    *,
    shared_data: Path | None,
    today: dt.date | None = None,
    say: Callable[[str], None] = print,
    store: Store | None = None,
) -> SeedResult:
    store = store or open_store(settings)
    folder = Path(settings.data_dir) / DEMO_FOLDER
    dataset = _same_dataset_as_before(folder, shared_data, today, say)
    result = SeedResult(boundary_source=dataset.boundary_source)
    say(f"Kommunegrænser / boundaries: {dataset.boundary_source}")
    result.references_imported = import_demo_references(store, dataset, folder / "referencer", say)
    if dataset.real_boundaries:
        result.references_imported += import_national_references(
            store, shared_data, DEMO_ACTOR, say
        )
    result.users = ensure_demo_users(store, dataset.kommunekoder, Path(settings.data_dir))
    users = {user.name: user for user in store.users()}
    from ..publication import BuildWorker

    workflow = Workflow(store, settings)
    for kommunekode in dataset.kommunekoder:
        state = store.kommune_state(kommunekode)
        if state.release_id is not None:
            result.already_published[kommunekode] = state.release_id
            say(f"{kommunekode}: udgivelse {state.release_id} findes allerede / already published")
            continue
        release_id = submit_and_approve(
            workflow,
            dataset,
            kommunekode,
            folder / "indsendelser",
            users[indsender_name(kommunekode)],
            users[GODKENDER],
        )
        result.published[kommunekode] = release_id
        say(
            f"{kommunekode}: indsendt, valideret og godkendt / submitted, validated and approved "
            f"-> udgivelse / release {release_id}"
        )
    result.awaiting_approval = leave_update_for_approval(
        workflow, dataset, folder / "indsendelser", users[indsender_name(UPDATE_KOMMUNE)]
    )
    if result.awaiting_approval:
        say(
            f"{UPDATE_KOMMUNE}: opdatering venter på godkendelse / update awaiting approval: "
            f"indsendelse / submission {result.awaiting_approval}"
        )
    from ..outputs.public_build import current_build

    if store.kommune_states():
        BuildWorker(store, settings).reconcile(wait=True, lock_wait=3600)
    build = current_build(settings.public_path)
    result.public_build = build.name if build else None
    return result


def _same_dataset_as_before(
    folder: Path, shared_data: Path | None, today: dt.date | None, say: Callable[[str], None]
) -> DemoDataset:
    """The data set of the first run (same seed, day and boundary choice), so a later run on
    another day or with ../shared/data added or removed still matches what the store holds."""
    choice_path = folder / DATASET_FILE
    try:
        choice = json.loads(choice_path.read_text("utf-8"))
        seed, today = int(choice["seed"]), dt.date.fromisoformat(choice["today"])
        wants_dagi = bool(choice["dagi"])
    except (OSError, ValueError, KeyError, TypeError):
        choice = None
        seed, today, wants_dagi = DEFAULT_SEED, today or dt.date.today(), shared_data is not None
    dataset = generate_demo(seed=seed, today=today, shared_data=shared_data if wants_dagi else None)
    has_dagi = dataset.real_boundaries
    if choice is not None and wants_dagi and not has_dagi:
        say(
            "Advarsel: lageret blev fyldt med DAGI-grænser, som ikke findes nu / warning: the "
            "store was seeded with DAGI boundaries that are not at hand now"
        )
    if choice is None:
        folder.mkdir(parents=True, exist_ok=True)
        choice_path.write_text(
            json.dumps({"seed": seed, "today": today.isoformat(), "dagi": has_dagi}), "utf-8"
        )
    return dataset


def import_demo_references(
    store: Store, dataset: DemoDataset, folder: Path, say: Callable[[str], None]
) -> list[str]:
    """Imports each demo reference file unless a file of that name and kind is already loaded."""
    loaded = {(item.kind, item.file_name) for item in reference_imports(store)}
    imported = []
    for reference in write_references(dataset, folder):
        if (reference.kind, reference.path.name) in loaded:
            continue
        if (
            reference.kind == "kommunegraenser"
            and dataset.real_boundaries
            and any(kind == "kommunegraenser" for kind, _ in loaded)
        ):
            continue  # all 98 DAGI kommuner are loaded already (demo/national.py)
        summary = import_reference_file(
            store,
            reference.kind,
            reference.path,
            natur_kind=reference.natur_kind,
            source=f"demo:{reference.path.name}",
            actor=DEMO_ACTOR,
        )
        imported.append(f"{summary.kind}:{summary.source}")
        say(summary.lines()[0])
    return imported


def ensure_demo_users(store: Store, kommunekoder: list[str], data_dir: Path) -> list[DemoUser]:
    """One indsender per kommune, a godkender and an admin; tokens kept in a demo-only file."""
    tokens_path = data_dir / TOKENS_FILE
    known = _read_tokens(tokens_path)
    existing = {user.name for user in store.users()}
    wanted: list[tuple[str, str, str | None]] = [
        (indsender_name(code), "indsender", code) for code in kommunekoder
    ]
    wanted += [(GODKENDER, "godkender", None), (ADMIN, "admin", None)]
    users = []
    for name, role, kommunekode in wanted:
        if name in existing:
            users.append(DemoUser(name, role, kommunekode, known.get(name)))
            continue
        user, token = add_user(store, name, role, kommunekode, actor=DEMO_ACTOR)
        users.append(DemoUser(user.name, user.role, user.kommunekode, token))
    _write_tokens(tokens_path, users)
    return users


def _read_tokens(path: Path) -> dict[str, str]:
    try:
        return {
            entry["name"]: entry["token"]
            for entry in json.loads(path.read_text("utf-8"))
            if entry.get("token")
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_tokens(path: Path, users: list[DemoUser]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump([asdict(user) for user in users], handle, ensure_ascii=False, indent=2)


def leave_update_for_approval(
    workflow: Workflow, dataset: DemoDataset, folder: Path, indsender: User
) -> int | None:
    """Submits the kommune's update once, after its first release, and leaves it for a human."""
    kommunekode = indsender.kommunekode or ""
    if workflow.store.kommune_state(kommunekode).release_id is None:
        return None
    if len(workflow.store.submissions(kommunekode)) != 1:
        return None
    path = write_submission(
        dataset,
        kommunekode,
        folder / f"demo_{kommunekode}_opdatering.gpkg",
        layers=update_of(dataset, kommunekode),
    )
    submitted = workflow.submit(indsender, kommunekode, path.name, path.read_bytes())
    return submitted["id"]


def submit_and_approve(
    workflow: Workflow,
    dataset: DemoDataset,
    kommunekode: str,
    folder: Path,
    indsender: User,
    godkender: User,
) -> int:
    """The kommune's GeoPackage through validation and approval; its release id."""
    pending = [
        s
        for s in workflow.store.submissions(kommunekode, "til_godkendelse")
        if s.uploader == indsender.name
    ]
    if pending:
        submission_id = pending[-1].id
    else:
        path = write_submission(dataset, kommunekode, folder / f"demo_{kommunekode}.gpkg")
        submitted = workflow.submit(indsender, kommunekode, path.name, path.read_bytes())
        if submitted["status"] != "til_godkendelse":
            blocking = [
                f"{f['rule']}: {f['message_da']}"
                for f in submitted["report"]["findings"]
                if f["severity"] == "blokerende"
            ]
            raise DemoError(
                f"Demo-indsendelsen for {kommunekode} blev afvist automatisk: {'; '.join(blocking)}",
                f"The demo submission of {kommunekode} was rejected automatically: "
                f"{'; '.join(blocking)}",
            )
        submission_id = submitted["id"]
    approved = workflow.approve(
        godkender, submission_id, comment="Godkendt af demoen / approved by the demo"
    )
    return approved["release"]["id"]
