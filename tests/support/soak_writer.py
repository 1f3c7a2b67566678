"""Save, back up or restore a workspace through the real services, for the fault tests to kill.

Run with the passphrase in ``SENDMED_PASSPHRASE``:

- ``python -m tests.support.soak_writer changes DATA_DIR --seed N --run R``: make a stream
  of the saves a mediator makes (new cases, people, notes and their edits, key dates,
  agreed actions and their edits; each writes audit entries too) until killed, or until a
  save fails (then ``error <message>`` and exit 1: a full disk, say).
- ``... backup DATA_DIR FOLDER``: write backups into FOLDER, one after another.
- ``... restore DATA_DIR BACKUP``: restore BACKUP over the workspace, once.
- ``... serve``: a fork server for the soak, which kills hundreds of writers and cannot
  afford to start Python for each. It reads one JSON command a line on stdin (``mode``
  plus the arguments above by name, or ``{"mode": "cli", "args": [...], "stderr": FILE}``
  to run the real command line), forks a child to run it, and prints ``exit <code>``
  (negative: killed by that signal) when the child has gone.

Every child prints, one per line and flushed at once: ``start <pid>``; for a change
``begin <json>`` (its sequence number and what it sets, as a patch on ``snapshot()``)
before the transaction and ``ack <seq>`` only after it has committed; ``backup <path>``
after each backup; ``ready`` and ``restored <cases>`` around a restore. So whatever an
``ack`` reports must survive the process being killed at any later moment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop import cli
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import Confidentiality, Role, Stage
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.agreement_views import ActionEntry
from sendmed_desktop.services.agreements import AgreementService
from sendmed_desktop.services.backups import create_backup, restore_over_workspace
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import message_for
from sendmed_desktop.services.intake_people import ParticipantEntry, ParticipantIntake
from sendmed_desktop.services.key_dates import KeyDates, KeyDatesService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import PASSPHRASE_ENV, Workspace, open_workspace
from sendmed_desktop.storage.models import (
    AgreedAction,
    Case,
    CaseParticipant,
    Person,
    StatutoryDates,
    ViewNote,
)

State = dict[str, dict[str, Any]]
SECTIONS = ("cases", "people", "notes", "key_dates", "actions")
KINDS = ("case", "person", "note", "note_edit", "key_dates", "action", "action_edit")
WEIGHTS = (3, 2, 4, 4, 2, 2, 2)
FIRST_DAY = date(2025, 1, 6)


def say(line: str) -> None:
    """Print one protocol line and flush it, so a kill a moment later cannot lose it."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def snapshot(workspace: Workspace) -> State:
    """Return what the writer's saves set, read back from the database, by label."""
    with workspace.transaction() as session:
        references = {
            row.id: row.reference for row in session.execute(sa.select(Case.id, Case.reference))
        }
        people = session.execute(
            sa.select(Person.full_name, CaseParticipant.case_id).join(CaseParticipant.person)
        )
        clocks = session.execute(
            sa.select(
                StatutoryDates.case_id,
                StatutoryDates.adviser_contacted_on,
                StatutoryDates.la_informed_on,
            )
        )
        return {
            "cases": {c.reference: c.subject_name for c in session.scalars(sa.select(Case))},
            "people": {name: references[case_id] for name, case_id in people},
            "notes": {_label(n.text): n.text for n in session.scalars(sa.select(ViewNote))},
            "key_dates": {
                references[case_id]: {
                    "adviser_contacted_on": _iso(contacted),
                    "la_informed_on": _iso(informed),
                }
                for case_id, contacted, informed in clocks
                if contacted or informed
            },
            "actions": {a.owner_name: a.action for a in session.scalars(sa.select(AgreedAction))},
        }


def _label(text: str) -> str:
    return text.partition(":")[0]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _ids(session: Session) -> dict[str, dict[str, int]]:
    """Return the ids of the writer's records by label, to pick what to change next."""
    return {
        "cases": {
            row.reference: row.id for row in session.execute(sa.select(Case.reference, Case.id))
        },
        "notes": {_label(n.text): n.id for n in session.scalars(sa.select(ViewNote))},
        "actions": {a.owner_name: a.id for a in session.scalars(sa.select(AgreedAction))},
    }


class Changes:
    """Make one seeded stream of saves on an open workspace."""

    def __init__(self, workspace: Workspace, seed: int, run: int) -> None:
        self.rng = random.Random(f"{seed}:{run}")
        self.run = run
        self.cases = CaseService(workspace)
        self.people = ParticipantIntake(workspace)
        self.notes = NotesService(workspace)
        self.key_dates = KeyDatesService(workspace)
        self.agreements = AgreementService(workspace, today=lambda: FIRST_DAY)
        with workspace.transaction() as session:
            self.ids = _ids(session)

    def save(self, seq: int) -> None:
        """Make change number ``seq``: say what it sets, make it, then acknowledge it."""
        kind = self.rng.choices(KINDS, WEIGHTS)[0]
        if not self.ids["cases"]:
            kind = "case"
        elif kind == "note_edit" and not self.ids["notes"]:
            kind = "note"
        elif kind == "action_edit" and not self.ids["actions"]:
            kind = "action"
        token = f"{self.run}-{seq}"
        patch, act = getattr(self, f"_{kind}")(token)
        say("begin " + json.dumps({"seq": seq, "kind": kind, "set": patch}, sort_keys=True))
        act()
        say(f"ack {seq}")

    def _pick(self, section: str) -> tuple[str, int]:
        label = self.rng.choice(sorted(self.ids[section]))
        return label, self.ids[section][label]

    def _case(self, token: str) -> tuple[State, Callable[[], None]]:
        reference = f"SOAK-{token}"
        new = NewCase(
            reference=reference,
            subject_name=f"Child {token}",
            local_authority="Soak Borough Council",
            party_name=f"Parent {token}",
        )

        def act() -> None:
            self.ids["cases"][reference] = self.cases.create(new).id

        people = {new.subject_name: reference, new.party_name: reference}
        return {"cases": {reference: new.subject_name}, "people": people}, act

    def _person(self, token: str) -> tuple[State, Callable[[], None]]:
        reference, case_id = self._pick("cases")
        entry = ParticipantEntry(full_name=f"Person {token}", role=Role.OTHER)
        return {"people": {entry.full_name: reference}}, lambda: _ignore(
            self.people.add_participant(case_id, entry)
        )

    def _note(self, token: str) -> tuple[State, Callable[[], None]]:
        _reference, case_id = self._pick("cases")
        label = f"N{token}"
        text = f"{label}: said {self.rng.randint(0, 10**9)} " + "words " * self.rng.randint(1, 60)

        def act() -> None:
            note = self.notes.add_note(
                case_id, None, Stage.EXPLORATION, Confidentiality.SHAREABLE, text
            )
            self.ids["notes"][label] = note.id

        return {"notes": {label: text}}, act

    def _note_edit(self, token: str) -> tuple[State, Callable[[], None]]:
        label, note_id = self._pick("notes")
        text = f"{label}: edited in {token} " + "more " * self.rng.randint(1, 80)
        return {"notes": {label: text}}, lambda: _ignore(self.notes.update_text(note_id, text))

    def _key_dates(self, token: str) -> tuple[State, Callable[[], None]]:
        reference, case_id = self._pick("cases")
        contacted = FIRST_DAY + timedelta(days=self.rng.randint(0, 200))
        informed = contacted + timedelta(days=self.rng.randint(1, 30))
        dates = KeyDates(adviser_contacted_on=contacted, la_informed_on=informed)
        stored = {"adviser_contacted_on": _iso(contacted), "la_informed_on": _iso(informed)}
        return {"key_dates": {reference: stored}}, lambda: self.key_dates.save(case_id, dates)

    def _action_entry(self, label: str, token: str) -> ActionEntry:
        return ActionEntry(
            owner_name=label,
            owner_role="SENCO",
            owner_organisation="Soak Primary School",
            action=f"Send the draft plan ({token}) to the family",
            measure="The family confirms they have the plan",
        )

    def _action(self, token: str) -> tuple[State, Callable[[], None]]:
        _reference, case_id = self._pick("cases")
        entry = self._action_entry(f"A{token}", token)

        def act() -> None:
            self.ids["actions"][entry.owner_name] = self.agreements.add_action(case_id, entry)

        return {"actions": {entry.owner_name: entry.action}}, act

    def _action_edit(self, token: str) -> tuple[State, Callable[[], None]]:
        label, action_id = self._pick("actions")
        entry = self._action_entry(label, token)

        def act() -> None:
            self.ids["actions"][label] = self.agreements.update_action(action_id, entry)

        return {"actions": {label: entry.action}}, act


def _ignore(_result: object) -> None:
    """Drop a service's return value: the snapshot reads the record back instead."""


def _open(data_dir: Path) -> Workspace:
    return open_workspace(WorkspacePaths(data_dir), passphrase=os.environ[PASSPHRASE_ENV])


def run_changes(data_dir: Path, seed: int, run: int) -> int:
    """Save changes until killed; on a failed save say why and return 1."""
    workspace = _open(data_dir)
    changes = Changes(workspace, seed, run)
    seq = 1
    try:
        while True:
            changes.save(seq)
            seq += 1
    except Exception as error:  # noqa: BLE001 - reported to the parent, which decides
        say(f"error {message_for(error, data_dir) or _unexpected(error)}")
        return 1
    finally:
        workspace.close()


def run_backups(data_dir: Path, folder: Path) -> int:
    """Write backups into ``folder`` until killed."""
    workspace = _open(data_dir)
    try:
        while True:
            say(f"backup {create_backup(workspace, folder)}")
    finally:
        workspace.close()


def run_restore(data_dir: Path, backup: Path) -> int:
    """Restore ``backup`` over the workspace once."""
    workspace = _open(data_dir)
    say("ready")
    info = restore_over_workspace(backup, workspace)
    say(f"restored {info.case_count}")
    return 0


def _unexpected(error: BaseException) -> str:
    return "unexpected " + "".join(traceback.format_exception_only(error)).strip()


def run_command(command: dict[str, Any]) -> int:
    """Run one command given as plain data (what ``serve`` reads)."""
    say(f"start {os.getpid()}")
    mode = command["mode"]
    if mode == "cli":
        with Path(command["stderr"]).open("a", encoding="utf-8") as stderr:
            os.dup2(stderr.fileno(), 2)
        return cli.run(command["args"])
    data_dir = Path(command["data_dir"])
    if mode == "changes":
        return run_changes(data_dir, int(command["seed"]), int(command["run"]))
    if mode == "backup":
        return run_backups(data_dir, Path(command["folder"]))
    if mode == "restore":
        return run_restore(data_dir, Path(command["backup"]))
    raise ValueError(f"unknown mode {mode!r}")


def serve() -> int:
    """Fork a child per command read on stdin; report each child's exit code."""
    for line in sys.stdin:
        command = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: run the command, then leave without the parent's clean-up
            code = 1
            try:
                code = run_command(command)
            except BaseException:  # noqa: BLE001 - shown on stderr; the exit code says so
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        say(f"exit {os.waitstatus_to_exitcode(status)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one mode."""
    parser = argparse.ArgumentParser(prog="soak_writer")
    modes = parser.add_subparsers(dest="mode", required=True)
    changes = modes.add_parser("changes")
    changes.add_argument("data_dir", type=Path)
    changes.add_argument("--seed", type=int, default=0)
    changes.add_argument("--run", type=int, default=1)
    backup = modes.add_parser("backup")
    backup.add_argument("data_dir", type=Path)
    backup.add_argument("folder", type=Path)
    restore = modes.add_parser("restore")
    restore.add_argument("data_dir", type=Path)
    restore.add_argument("backup", type=Path)
    modes.add_parser("serve")
    args = parser.parse_args(argv)
    if args.mode == "serve":
        return serve()
    return run_command({k: str(v) for k, v in vars(args).items()})


if __name__ == "__main__":
    sys.exit(main())
