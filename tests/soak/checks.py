"""What every fault test checks after the fault: the workspace opens whole, nothing is lost.

The state is compared by label (see ``tests.support.soak_writer.snapshot``): every change
a writer acknowledged must be there, and the one caught mid-commit there whole or not at
all. Failures name the seed, so a schedule of kills can be repeated.
"""

from __future__ import annotations

import json
import os
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.audit_check import check_audit_trail
from sendmed_desktop.storage.db import integrity_problems
from sendmed_desktop.storage.models import AgreedAction, AuditEntry, Case, CaseParticipant, ViewNote
from tests.soak.conftest import Child, open_soak_workspace
from tests.support.soak_writer import SECTIONS, State, snapshot

SEED = int(os.environ.get("SENDMED_SOAK_SEED", "2026"))


class Model:
    """What the workspace must hold: the state after every acknowledged change."""

    def __init__(self, state: State) -> None:
        self.state = {section: dict(state.get(section, {})) for section in SECTIONS}

    def with_patch(self, patch: State) -> State:
        """Return the state with one more change applied."""
        return {s: {**self.state[s], **patch.get(s, {})} for s in SECTIONS}

    def apply(self, patch: State) -> None:
        """Apply one change for good."""
        self.state = self.with_patch(patch)


def differences(found: State, expected: State) -> list[str]:
    """Return, briefly, how ``found`` differs from ``expected``."""
    lines = []
    for section in SECTIONS:
        have, want = found.get(section, {}), expected[section]
        lost = sorted(set(want) - set(have))
        extra = sorted(set(have) - set(want))
        changed = sorted(k for k in set(want) & set(have) if want[k] != have[k])
        for what, keys in (("lost", lost), ("unexpected", extra), ("different", changed)):
            if keys:
                lines.append(f"{section}: {len(keys)} {what}, e.g. {keys[:3]}")
    return lines


def unaudited(session: Session) -> list[str]:
    """Return records without the audit entry of their own transaction: a half-done save."""
    audited = {
        tuple(row)
        for row in session.execute(
            sa.select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.entity_id)
        )
    }
    people = sa.select(CaseParticipant.id).where(CaseParticipant.role == Role.OTHER)
    expected = [
        *(("create", "case", i) for i in session.scalars(sa.select(Case.id))),
        *(("create", "view_note", i) for i in session.scalars(sa.select(ViewNote.id))),
        *(("create", "agreed_action", i) for i in session.scalars(sa.select(AgreedAction.id))),
        *(("add", "case_participant", i) for i in session.scalars(people)),
    ]
    return [f"{entity} {i}" for action, entity, i in expected if (action, entity, i) not in audited]


def check_workspace(paths: WorkspacePaths) -> State:
    """Open the workspace after a crash, check it through and through; return its state."""
    workspace = open_soak_workspace(paths)
    try:
        assert integrity_problems(workspace.engine) == [], f"seed {SEED}"
        assert check_audit_trail(workspace).first_broken is None, f"seed {SEED}"
        with workspace.transaction() as session:
            assert unaudited(session) == [], f"seed {SEED}: saved without its audit entry"
        return snapshot(workspace)
    finally:
        workspace.close()


def settle(paths: WorkspacePaths, model: Model, child: Child) -> bool:
    """Check the workspace against what the killed writer said; True if its last change held."""
    begun = {}
    for text in child.words("begin"):
        change: dict[str, Any] = json.loads(text)
        begun[change["seq"]] = change["set"]
    acked = [int(seq) for seq in child.words("ack")]
    assert acked == sorted(acked) == list(begun)[: len(acked)], f"seed {SEED}: {acked}"
    for seq in acked:
        model.apply(begun[seq])
    in_flight = [begun[seq] for seq in begun if seq not in acked]
    assert len(in_flight) <= 1
    found = check_workspace(paths)
    if found == model.state:
        return False
    assert in_flight, [f"seed {SEED}", *differences(found, model.state)]
    assert found == model.with_patch(in_flight[0]), [
        f"seed {SEED}: neither before nor after the change in flight",
        *differences(found, model.with_patch(in_flight[0])),
    ]
    model.apply(in_flight[0])
    return True
