"""Queries for retention: what closed cases hold, erasing one kind of record, compacting.

What each kind covers is decided in ``domain/retention.py``; this module erases exactly
that. Deletions rely on the schema's foreign keys (``ON DELETE CASCADE`` / ``SET NULL``,
switched on for every connection) and on ``PRAGMA secure_delete``, which overwrites
deleted content in place; ``compact`` then rebuilds the file so no freed page keeps it.
The audit trail is never touched here: its triggers refuse any change but an insert.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from sendmed_desktop.domain.retention import Holding, RecordKind
from sendmed_desktop.storage.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseParticipant,
    Certificate,
    ChildViewsRecord,
    ContactLogEntry,
    Expense,
    Feedback,
    MediationIssue,
    Meeting,
    Person,
    Proposal,
    ReasonableAdjustment,
    RetentionErasure,
    Signature,
    ViewNote,
)

log = logging.getLogger(__name__)

# Comfortably under SQLite's limit on bound parameters in one statement.
_CHUNK = 500
_CONTACT_FIELDS = (Person.email, Person.phone, Person.communication_needs)


def _filled(column: Any) -> sa.ColumnElement[bool]:
    return sa.func.coalesce(column, "") != ""


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _contacts_kept_cases() -> sa.Select[int]:
    """Return a query of the cases whose contact details have not been erased."""
    erased = sa.select(RetentionErasure.case_id).where(
        RetentionErasure.kind == RecordKind.CONTACTS.value
    )
    return sa.select(Case.id).where(Case.id.not_in(erased))


class RetentionRepository:
    """Read what closed cases hold and erase it, through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- reading -----------------------------------------------------------------------------

    def closed_cases(self, closed_before: datetime) -> list[tuple[int, str, datetime]]:
        """Return the id, reference and close time of every case closed before a moment."""
        query = (
            sa.select(Case.id, Case.reference, Case.closed_at)
            .where(Case.closed_at.is_not(None), Case.closed_at < closed_before)
            .order_by(Case.closed_at, Case.id)
        )
        # The query keeps only rows whose close time is set.
        return [(row[0], row[1], row[2]) for row in self._session.execute(query) if row[2]]

    def erasures(self, case_ids: Sequence[int]) -> dict[int, dict[RecordKind, datetime]]:
        """Return, per case, each kind already erased and when."""
        found: dict[int, dict[RecordKind, datetime]] = defaultdict(dict)
        for chunk in _chunks(case_ids):
            query = sa.select(
                RetentionErasure.case_id, RetentionErasure.kind, RetentionErasure.erased_at
            ).where(RetentionErasure.case_id.in_(chunk))
            for case_id, kind, erased_at in self._session.execute(query):
                found[case_id][RecordKind(kind)] = erased_at
        return dict(found)

    def holdings(self, case_ids: Sequence[int]) -> dict[int, dict[RecordKind, tuple[Holding, ...]]]:
        """Return, per case and kind, how many rows erasing that kind would remove."""
        result: dict[int, dict[RecordKind, tuple[Holding, ...]]] = {}
        for chunk in _chunks(case_ids):
            counts = self._counts(chunk)
            cleared, shared = self._people_with_contacts(chunk)
            for case_id in chunk:
                result[case_id] = _holdings_of(case_id, counts, cleared, shared)
        return result

    def _counts(self, case_ids: list[int]) -> dict[str, dict[int, int]]:
        """Return row counts per case for every sort of row retention reports."""
        queries: dict[str, sa.Select[Any, Any]] = {
            "contact_log": _per_case(ContactLogEntry.case_id),
            "adjustments": _per_case(ReasonableAdjustment.case_id),
            "venues": _per_case(Meeting.case_id).where(
                sa.or_(_filled(Meeting.venue), _filled(Meeting.video_link))
            ),
            "notes": _per_case(ViewNote.case_id),
            "proposals": _per_case(Proposal.case_id),
            "feedback": _per_case(Feedback.case_id),
            "child_views": _per_case(ChildViewsRecord.case_id),
            "agreements": _per_case(Agreement.case_id),
            "actions": _per_case(Agreement.case_id).join(
                AgreedAction, AgreedAction.agreement_id == Agreement.id
            ),
            "signatures": _per_case(Agreement.case_id).join(
                Signature, Signature.agreement_id == Agreement.id
            ),
            "certificates": _per_case(Certificate.case_id),
            "people": sa.select(
                CaseParticipant.case_id, sa.func.count(sa.distinct(CaseParticipant.person_id))
            ),
            "issues": _per_case(MediationIssue.case_id),
            "meetings": _per_case(Meeting.case_id),
            "expenses": _per_case(Expense.case_id),
        }
        counts: dict[str, dict[int, int]] = {}
        for name, query in queries.items():
            case_column = query.selected_columns[0]
            grouped = query.where(case_column.in_(case_ids)).group_by(case_column)
            counts[name] = {row[0]: row[1] for row in self._session.execute(grouped)}
        return counts

    def _people_with_contacts(self, case_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
        """Return, per case, how many people's details would be cleared and how many kept.

        A person's details are kept while another case they take part in keeps its own.
        """
        other = aliased(CaseParticipant)
        shared = (
            sa.select(other.id)
            .where(
                other.person_id == CaseParticipant.person_id,
                other.case_id != CaseParticipant.case_id,
                other.case_id.in_(_contacts_kept_cases()),
            )
            .exists()
        )
        query = (
            sa.select(CaseParticipant.case_id, Person.id, shared)
            .join(Person, Person.id == CaseParticipant.person_id)
            .where(
                CaseParticipant.case_id.in_(case_ids),
                sa.or_(*(_filled(column) for column in _CONTACT_FIELDS)),
            )
            .distinct()
        )
        cleared: dict[int, int] = defaultdict(int)
        kept: dict[int, int] = defaultdict(int)
        for case_id, _person_id, is_shared in self._session.execute(query):
            (kept if is_shared else cleared)[case_id] += 1
        return dict(cleared), dict(kept)

    # -- erasing -----------------------------------------------------------------------------

    def erase(self, case_id: int, kind: RecordKind, now: datetime) -> dict[str, int]:
        """Erase one kind of a case's records; return how many rows of each sort went.

        Any kind but the case itself is recorded as erased first, so the people check
        below already counts this case as done.
        """
        if kind is RecordKind.CASE:
            return self._erase_case(case_id)
        self._session.add(RetentionErasure(case_id=case_id, kind=kind.value, erased_at=now))
        self._session.flush()
        if kind is RecordKind.CONTACTS:
            return self._erase_contacts(case_id)
        if kind is RecordKind.WORKING_NOTES:
            return {
                "view_notes": self._delete(ViewNote, ViewNote.case_id == case_id),
                "proposals": self._delete(Proposal, Proposal.case_id == case_id),
                "feedback": self._delete(Feedback, Feedback.case_id == case_id),
            }
        if kind is RecordKind.CHILD_VIEWS:
            where = ChildViewsRecord.case_id == case_id
            return {"child_views_records": self._delete(ChildViewsRecord, where)}
        if kind is RecordKind.AGREEMENTS:
            # Actions and signatures go with their agreement (ON DELETE CASCADE).
            return {"agreements": self._delete(Agreement, Agreement.case_id == case_id)}
        return {"certificates": self._erase_certificates(case_id)}

    def _erase_contacts(self, case_id: int) -> dict[str, int]:
        venues = (
            sa.update(Meeting)
            .where(Meeting.case_id == case_id)
            .where(sa.or_(Meeting.venue.is_not(None), Meeting.video_link.is_not(None)))
            .values(venue=None, video_link=None)
            .returning(Meeting.id)
            .execution_options(synchronize_session=False)
        )
        return {
            "contact_log": self._delete(ContactLogEntry, ContactLogEntry.case_id == case_id),
            "reasonable_adjustments": self._delete(
                ReasonableAdjustment, ReasonableAdjustment.case_id == case_id
            ),
            "meeting_venues": len(self._session.execute(venues).all()),
            "people_cleared": self._clear_people_no_case_needs(self._people_of(case_id)),
        }

    def _erase_certificates(self, case_id: int) -> int:
        ours = sa.select(Certificate.id).where(Certificate.case_id == case_id)
        # A correction points at its original (ON DELETE RESTRICT); unlink before deleting.
        self._session.execute(
            sa.update(Certificate)
            .where(Certificate.reissue_of_id.in_(ours))
            .values(reissue_of_id=None)
            .execution_options(synchronize_session=False)
        )
        return self._delete(Certificate, Certificate.case_id == case_id)

    def _erase_case(self, case_id: int) -> dict[str, int]:
        people = self._people_of(case_id)
        certificates = self._erase_certificates(case_id)
        # Everything else of the case goes with it (ON DELETE CASCADE on every case table).
        cases = self._delete(Case, Case.id == case_id)
        orphans = (
            sa.delete(Person)
            .where(Person.id.in_(people))
            .where(
                ~sa.select(CaseParticipant.id)
                .where(CaseParticipant.person_id == Person.id)
                .exists()
            )
            .returning(Person.id)
            .execution_options(synchronize_session=False)
        )
        removed = len(self._session.execute(orphans).all())
        return {
            "cases": cases,
            "certificates": certificates,
            "people_removed": removed,
            "people_cleared": self._clear_people_no_case_needs(people),
        }

    def _people_of(self, case_id: int) -> list[int]:
        query = sa.select(CaseParticipant.person_id).where(CaseParticipant.case_id == case_id)
        return sorted(set(self._session.execute(query).scalars()))

    def _clear_people_no_case_needs(self, person_ids: list[int]) -> int:
        """Clear the contact details of those people whom no kept case still needs."""
        if not person_ids:
            return 0
        needed = (
            sa.select(CaseParticipant.id)
            .where(
                CaseParticipant.person_id == Person.id,
                CaseParticipant.case_id.in_(_contacts_kept_cases()),
            )
            .exists()
        )
        query = (
            sa.update(Person)
            .where(Person.id.in_(person_ids), ~needed)
            .where(sa.or_(*(column.is_not(None) for column in _CONTACT_FIELDS)))
            .values(email=None, phone=None, communication_needs=None)
            .returning(Person.id)
            .execution_options(synchronize_session=False)
        )
        return len(self._session.execute(query).all())

    def _delete(self, model: type[Any], where: sa.ColumnElement[bool]) -> int:
        query = (
            sa.delete(model)
            .where(where)
            .returning(model.id)
            .execution_options(synchronize_session=False)
        )
        return len(self._session.execute(query).all())


def _per_case(case_column: Any) -> sa.Select[Any, Any]:
    return sa.select(case_column, sa.func.count())


def _holdings_of(
    case_id: int,
    counts: dict[str, dict[int, int]],
    cleared: dict[int, int],
    shared: dict[int, int],
) -> dict[RecordKind, tuple[Holding, ...]]:
    def n(name: str) -> int:
        return counts[name].get(case_id, 0)

    by_kind: dict[RecordKind, tuple[Holding, ...]] = {
        RecordKind.CONTACTS: (
            Holding(
                cleared.get(case_id, 0), "person's contact details", "people's contact details"
            ),
            Holding(n("contact_log"), "contact log entry", "contact log entries"),
            Holding(n("adjustments"), "reasonable adjustment", "reasonable adjustments"),
            Holding(n("venues"), "meeting venue or link", "meeting venues or links"),
            Holding(
                shared.get(case_id, 0),
                "person's details kept while another case needs them",
                "people's details kept while another case needs them",
            ),
        ),
        RecordKind.WORKING_NOTES: (
            Holding(n("notes"), "working note", "working notes"),
            Holding(n("proposals"), "proposal", "proposals"),
            Holding(n("feedback"), "feedback response", "feedback responses"),
        ),
        RecordKind.CHILD_VIEWS: (
            Holding(n("child_views"), "child's views record", "child's views records"),
        ),
        RecordKind.AGREEMENTS: (
            Holding(n("agreements"), "agreement version", "agreement versions"),
            Holding(n("actions"), "agreed action", "agreed actions"),
            Holding(n("signatures"), "signature", "signatures"),
        ),
        RecordKind.CERTIFICATES: (Holding(n("certificates"), "certificate", "certificates"),),
    }
    by_kind[RecordKind.CASE] = (
        Holding(1, "case record (reference, dates, child's name)", "case records"),
        Holding(n("people"), "person", "people"),
        Holding(n("issues"), "issue", "issues"),
        Holding(n("meetings"), "meeting", "meetings"),
        Holding(n("expenses"), "expense", "expenses"),
    )
    return by_kind


def vacuum(engine: sa.Engine) -> bool:
    """Rebuild the database file without its freed pages; return False if it was busy.

    ``secure_delete`` has already overwritten deleted rows in place; VACUUM then drops
    the freed pages from the file. It must run outside a transaction.
    """
    with engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        # VACUUM's copy of the database stays in memory, never in a temporary file.
        autocommit.exec_driver_sql("PRAGMA temp_store = MEMORY")
        try:
            autocommit.exec_driver_sql("VACUUM")
        except sa.exc.OperationalError as error:
            log.warning("vacuum after erasure failed: %s", type(error.orig).__name__)
            return False
    return True


def truncate_wal(engine: sa.Engine) -> bool:
    """Fold the WAL into the database and cut it to nothing; return False if blocked.

    The WAL still holds the page images written before the erasure (and VACUUM's own).
    """
    with engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        try:
            busy = autocommit.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
        except sa.exc.OperationalError as error:
            log.warning("WAL checkpoint after erasure failed: %s", type(error.orig).__name__)
            return False
    if busy:
        log.warning("WAL checkpoint after erasure was blocked by a reader")
    return not busy
