"""Editing the agreement: its actions, date, issue outcomes and distribution list.

Part of ``AgreementService`` (see ``services.agreements`` for how versions work). An edit
that changes nothing is not made, so it never voids signatures for nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from sqlalchemy.orm import Session

from sendmed_desktop.domain.smart import action_timing
from sendmed_desktop.domain.vocabulary import AgreementStatus, IssueOutcome, StatutoryBasis
from sendmed_desktop.services.agreement_content import distribution_lines
from sendmed_desktop.services.agreement_views import (
    READ_ONLY_STATUSES,
    ActionEntry,
    acknowledged_keys,
    findings_of,
    timing_of,
)
from sendmed_desktop.services.child_views import ChildViewsService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.agreement_repository import AgreementRepository
from sendmed_desktop.storage.models import AgreedAction, Agreement, Case

_RECIPIENT_LIMIT = 200


def refuse(problem: str) -> NoReturn:
    """Raise ValidationError with one problem."""
    raise ValidationError(problem)


def refuse_if(problems: Sequence[str]) -> None:
    """Raise ValidationError listing ``problems``, one a line, if there are any."""
    if problems:
        raise ValidationError("\n".join(problems))


def _entry_values(entry: ActionEntry, agreement_date: date | None) -> dict[str, Any]:
    """Return the columns an entry stores, with the statutory date filled in if not typed."""
    basis = entry.statutory_basis
    outcome = None if basis is StatutoryBasis.NOT_APPEALABLE else entry.reg44_outcome
    due_on = entry.due_on
    if due_on is None and basis is not StatutoryBasis.ALTERNATIVE_AGREED:
        due_on = action_timing(agreement_date, basis, outcome, None).suggested_due
    return {
        "owner_name": entry.owner_name.strip(),
        "owner_role": entry.owner_role.strip(),
        "owner_organisation": entry.owner_organisation.strip(),
        "action": entry.action.strip(),
        "measure": entry.measure.strip(),
        "due_on": due_on,
        "statutory_basis": basis,
        "reg44_outcome": outcome.value if outcome else None,
        "alternative_timescale_note": (entry.alternative_note or "").strip() or None,
        "issue_id": entry.issue_id,
        "plan_section": entry.plan_section,
    }


def _follows_statute(action: AgreedAction, agreement_date: date | None) -> bool:
    """Tell whether an action's date is the statutory one filled in (or none at all)."""
    if action.statutory_basis is StatutoryBasis.ALTERNATIVE_AGREED:
        return False
    return action.due_on is None or action.due_on == timing_of(action, agreement_date).suggested_due


class AgreementEditing:
    """The editing half of ``AgreementService``, and what both halves share."""

    def __init__(self, workspace: Workspace, *, today: Callable[[], date]) -> None:
        self._workspace = workspace
        self._today = today

    # Actions ---------------------------------------------------------------------------------

    def add_action(self, case_id: int, entry: ActionEntry) -> int:
        """Add an action at the end of the agreement; return its id."""
        refuse_if(entry.problems())
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            self._check_issue(repository, case_id, entry.issue_id)
            agreement = self._version_to_edit(session, repository, case_id)
            values = _entry_values(entry, agreement.dated_on)
            action = repository.add_action(agreement.id, **values)
            repository.touch(case)
            audit.record(session, "create", "agreed_action", action.id)
            return action.id

    def update_action(self, action_id: int, entry: ActionEntry) -> int:
        """Store changes to an action; return its id (a new one if a new version started)."""
        refuse_if(entry.problems())
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            action, agreement = self._action(repository, action_id)
            self._refuse_if_read_only(repository, agreement)
            self._check_issue(repository, agreement.case_id, entry.issue_id)
            values = _entry_values(entry, agreement.dated_on)
            if all(getattr(action, name) == value for name, value in values.items()):
                return action_id
            action, agreement = self._action_to_edit(session, repository, action, agreement)
            for name, value in values.items():
                setattr(action, name, value)
            # An acknowledgement answers a finding; once the wording that raised it is
            # gone, a later finding with the same key deserves a fresh look.
            current = findings_of(action, timing_of(action, agreement.dated_on), self._today())
            still = sorted(acknowledged_keys(action) & {f.key for f in current})
            action.acknowledged_findings_json = json.dumps(still)
            repository.touch(self._case(repository, agreement.case_id))
            audit.record(session, "update", "agreed_action", action.id)
            return action.id

    def remove_action(self, action_id: int) -> None:
        """Take an action out of the agreement."""
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            action, agreement = self._action(repository, action_id)
            action, agreement = self._action_to_edit(session, repository, action, agreement)
            removed_id = action.id
            repository.delete(action)
            for position, remaining in enumerate(repository.actions(agreement.id)):
                remaining.position = position
            repository.touch(self._case(repository, agreement.case_id))
            audit.record(session, "delete", "agreed_action", removed_id)

    def move_action(self, action_id: int, new_position: int) -> int:
        """Move an action to ``new_position`` (0 is first); return its id."""
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            action, agreement = self._action(repository, action_id)
            self._refuse_if_read_only(repository, agreement)
            ordered = repository.actions(agreement.id)
            target = max(0, min(new_position, len(ordered) - 1))
            if ordered.index(action) == target:
                return action_id
            action, agreement = self._action_to_edit(session, repository, action, agreement)
            ordered = [row for row in repository.actions(agreement.id) if row.id != action.id]
            ordered.insert(target, action)
            for position, row in enumerate(ordered):
                row.position = position
            repository.touch(self._case(repository, agreement.case_id))
            audit.record(session, "move", "agreed_action", action.id, detail=f"to {target}")
            return action.id

    def acknowledge_findings(self, action_id: int, keys: Sequence[str]) -> int:
        """Set which of an action's findings the mediator has considered and set aside.

        ``keys`` replaces the acknowledged set (an empty list withdraws them all). Only
        findings that the action has now, and that may be set aside, can be acknowledged.
        Acknowledging changes nothing the parties sign, so it never starts a new version.
        """
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            action, agreement = self._action(repository, action_id)
            self._refuse_if_read_only(repository, agreement)
            timing = timing_of(action, agreement.dated_on)
            current = {f.key: f for f in findings_of(action, timing, self._today())}
            problems = []
            for key in sorted(set(keys)):
                finding = current.get(key)
                if finding is None:
                    problems.append("A finding to set aside no longer applies: check again.")
                elif not finding.can_acknowledge:
                    problems.append(f"This must be fixed, not set aside: {finding.message}")
            refuse_if(list(dict.fromkeys(problems)))
            action.acknowledged_findings_json = json.dumps(sorted(set(keys)))
            audit.record(session, "acknowledge", "agreed_action", action.id)
            return action.id

    # The agreement as a whole ----------------------------------------------------------------

    def set_agreement_date(self, case_id: int, day: date | None) -> None:
        """Date the agreement; statutory action dates move with it (typed dates stay)."""
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            newest = repository.newest(case_id)
            if newest is not None and newest.dated_on == day:
                return
            agreement = self._version_to_edit(session, repository, case_id)
            following = [
                row
                for row in repository.actions(agreement.id)
                if _follows_statute(row, agreement.dated_on)
            ]
            agreement.dated_on = day
            for row in following:
                row.due_on = timing_of(row, day).suggested_due
            repository.set_clock_agreement_date(case_id, day)
            repository.touch(case)
            audit.record(session, "date", "agreement", agreement.id)

    def set_issue_outcome(self, issue_id: int, outcome: IssueOutcome | None) -> None:
        """Record how one issue ended (None: not recorded yet)."""
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            issue = repository.issue(issue_id)
            if issue is None:
                refuse("This issue no longer exists. Refresh the page and try again.")
            if issue.outcome is outcome:
                return
            if repository.newest(issue.case_id) is not None:
                # Outcomes are part of what is signed: the usual version rules apply.
                self._version_to_edit(session, repository, issue.case_id)
            issue.outcome = outcome
            repository.touch(self._case(repository, issue.case_id))
            audit.record(session, "update", "mediation_issue", issue_id, detail="outcome")

    def set_distribution(self, case_id: int, recipients: Sequence[str]) -> None:
        """Set who receives a copy of the agreement, one recipient an entry."""
        lines = distribution_lines("\n".join(recipients))
        too_long = [line for line in lines if len(line) > _RECIPIENT_LIMIT]
        if too_long:
            refuse(f"Keep each recipient to {_RECIPIENT_LIMIT} characters.")
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            newest = repository.newest(case_id)
            if newest is not None and distribution_lines(newest.distribution) == lines:
                return
            agreement = self._version_to_edit(session, repository, case_id)
            agreement.distribution = "\n".join(lines)
            repository.touch(case)
            audit.record(session, "update", "agreement", agreement.id, detail="distribution")

    def new_version(self, case_id: int) -> int:
        """Start a new draft version from the newest one (to vary a signed agreement, say).

        The newest version is kept, with its signatures, as superseded. If the newest is
        still a draft, it is the version to edit and its id is returned.
        """
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            newest = repository.newest(case_id)
            if newest is None:
                return self._start_first_version(session, repository, case_id).id
            if newest.status is AgreementStatus.DRAFT:
                return newest.id
            started, _copies = self._supersede(session, repository, newest)
            repository.touch(case)
            return started.id

    # Shared ----------------------------------------------------------------------------------

    def _live_child_views(self, case_id: int) -> str | None:
        """Return the child's views summary a draft may show: only what consent allows."""
        return ChildViewsService(self._workspace).shareable_summary_for_agreement(case_id)

    def _case(self, repository: AgreementRepository, case_id: int) -> Case:
        case = repository.case(case_id)
        if case is None:
            refuse("This case no longer exists. Refresh the page and try again.")
        return case

    def _newest(self, repository: AgreementRepository, case_id: int) -> Agreement:
        newest = repository.newest(case_id)
        if newest is None:
            refuse("There is no agreement for this case yet: open the agreement to start one.")
        return newest

    def _agreement(
        self, repository: AgreementRepository, case_id: int, version: int | None
    ) -> Agreement:
        if version is None:
            return self._newest(repository, case_id)
        agreement = repository.version(case_id, version)
        if agreement is None:
            refuse(f"There is no version {version} of this case's agreement.")
        return agreement

    def _action(
        self, repository: AgreementRepository, action_id: int
    ) -> tuple[AgreedAction, Agreement]:
        action = repository.action(action_id)
        agreement = repository.agreement(action.agreement_id) if action else None
        if action is None or agreement is None:
            refuse("This action no longer exists. Refresh the page and try again.")
        return action, agreement

    def _check_issue(
        self, repository: AgreementRepository, case_id: int, issue_id: int | None
    ) -> None:
        if issue_id is None:
            return
        issue = repository.issue(issue_id)
        if issue is None or issue.case_id != case_id:
            refuse("Choose an issue from this case's agenda.")

    def _start_first_version(
        self, session: Session, repository: AgreementRepository, case_id: int
    ) -> Agreement:
        """Start draft version 1 with an action for each accepted proposal."""
        agreement = repository.add_agreement(case_id, version=1)
        audit.record(session, "create", "agreement", agreement.id)
        # Proposals accepted before the agreement existed (or imported) still belong in it.
        for proposal in repository.accepted_proposals_without_action(case_id):
            action = repository.add_action(
                agreement.id,
                issue_id=proposal.issue_id,
                proposal_id=proposal.id,
                action=proposal.text,
            )
            audit.record(session, "create", "agreed_action", action.id)
        return agreement

    def _version_to_edit(
        self, session: Session, repository: AgreementRepository, case_id: int
    ) -> Agreement:
        """Return the version an edit applies to, starting or superseding as needed."""
        newest = repository.newest(case_id)
        if newest is None:
            return self._start_first_version(session, repository, case_id)
        self._refuse_if_read_only(repository, newest)
        if repository.signatures(newest.id):
            newest, _copies = self._supersede(session, repository, newest)
        return newest

    def _action_to_edit(
        self,
        session: Session,
        repository: AgreementRepository,
        action: AgreedAction,
        agreement: Agreement,
    ) -> tuple[AgreedAction, Agreement]:
        """Return the action an edit applies to: its copy, if a new version had to start."""
        self._refuse_if_read_only(repository, agreement)
        if not repository.signatures(agreement.id):
            return action, agreement
        started, copies = self._supersede(session, repository, agreement)
        return copies[action.id], started

    def _supersede(
        self, session: Session, repository: AgreementRepository, old: Agreement
    ) -> tuple[Agreement, dict[int, AgreedAction]]:
        """Copy ``old`` into the next draft version and mark ``old`` superseded by it."""
        started, copies = repository.copy_as_new_version(old)
        old.status = AgreementStatus.SUPERSEDED
        old.superseded_by_id = started.id
        repository.flush()
        audit.record(session, "supersede", "agreement", old.id, detail=f"by {started.id}")
        audit.record(session, "create", "agreement", started.id, detail=f"from {old.id}")
        return started, copies

    def _refuse_if_read_only(self, repository: AgreementRepository, agreement: Agreement) -> None:
        """Refuse any edit of a signed or superseded version, saying where to edit instead."""
        if agreement.status in READ_ONLY_STATUSES:
            refuse(self._read_only_message(repository, agreement))

    def _read_only_message(self, repository: AgreementRepository, agreement: Agreement) -> str:
        if agreement.status is AgreementStatus.SUPERSEDED:
            newer = (
                repository.agreement(agreement.superseded_by_id)
                if agreement.superseded_by_id
                else None
            )
            instead = f"version {newer.version}" if newer else "the newest version"
            return (
                f"Version {agreement.version} of the agreement has been replaced, so it cannot "
                f"change: make the change in {instead}."
            )
        return (
            f"Version {agreement.version} of the agreement has been signed, so it cannot "
            "change. Start a new version to change it."
        )
