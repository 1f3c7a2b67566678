"""Queries that return domain objects: the only place the app builds SQL."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.cases import CaseSort, CaseSummary, NewCase
from sendmed_desktop.domain.vocabulary import CaseStatus, Role
from sendmed_desktop.storage.models import Case, CaseParticipant, Person

_FAMILY_ROLES = (Role.PARENT_CARER, Role.YOUNG_PERSON, Role.ALTERNATIVE_PERSON)


def _family_names() -> sa.ScalarSelect[str]:
    """Return a correlated subquery: the family's party names, joined by ' & '."""
    return (
        sa.select(sa.func.group_concat(Person.full_name, " & "))
        .join(CaseParticipant, CaseParticipant.person_id == Person.id)
        .where(
            CaseParticipant.case_id == Case.id,
            CaseParticipant.is_party.is_(True),
            CaseParticipant.role.in_(_FAMILY_ROLES),
        )
        .scalar_subquery()
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class CaseRepository:
    """Read and write cases through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _filtered(self, search: str) -> sa.Select[int]:
        query = sa.select(Case.id)
        words = search.split()
        for word in words:
            pattern = f"%{_escape_like(word)}%"
            person_match = (
                sa.select(CaseParticipant.id)
                .join(Person, Person.id == CaseParticipant.person_id)
                .where(CaseParticipant.case_id == Case.id, Person.full_name.ilike(pattern, "\\"))
                .exists()
            )
            query = query.where(
                sa.or_(
                    Case.reference.ilike(pattern, "\\"),
                    Case.subject_name.ilike(pattern, "\\"),
                    person_match,
                )
            )
        return query

    def count(self, search: str = "") -> int:
        """Return how many cases match ``search`` (every word, in a name or the reference)."""
        query = sa.select(sa.func.count()).select_from(self._filtered(search).subquery())
        return self._session.execute(query).scalar_one()

    def summaries(
        self,
        search: str = "",
        *,
        sort: CaseSort = CaseSort.UPDATED,
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[CaseSummary]:
        """Return one page of case-list rows, sorted and filtered."""
        family = _family_names().label("family_names")
        order_column: sa.SQLColumnExpression[object] = {
            CaseSort.REFERENCE: Case.reference,
            CaseSort.SUBJECT: Case.subject_name,
            CaseSort.FAMILY: family,
            CaseSort.AUTHORITY: Case.local_authority,
            CaseSort.STATUS: Case.status,
            CaseSort.UPDATED: Case.updated_at,
        }[sort]
        ordering = order_column.desc() if descending else order_column.asc()
        query = (
            sa.select(Case, family)
            .where(Case.id.in_(self._filtered(search)))
            .order_by(ordering, Case.id.desc() if descending else Case.id.asc())
            .offset(offset)
            .limit(limit)
        )
        return [_summary(case, names) for case, names in self._session.execute(query)]

    def summary(self, case_id: int) -> CaseSummary | None:
        """Return one case's row, or None if it does not exist."""
        family = _family_names()
        row = self._session.execute(sa.select(Case, family).where(Case.id == case_id)).first()
        return None if row is None else _summary(row[0], row[1])

    def id_for_reference(self, reference: str) -> int | None:
        """Return the id of the case with ``reference``, if there is one."""
        query = sa.select(Case.id).where(Case.reference == reference)
        return self._session.execute(query).scalar_one_or_none()

    def add(self, new: NewCase) -> int:
        """Store a new case with its family party and subject; return its id."""
        case = Case(
            reference=new.reference,
            local_authority=new.local_authority.strip(),
            subject_name=new.subject_name.strip(),
            health_only=new.health_only,
            status=CaseStatus.REFERRED,
        )
        subject_role = Role.YOUNG_PERSON if new.party_role is Role.YOUNG_PERSON else Role.CHILD
        subject = Person(
            full_name=new.subject_name.strip(), date_of_birth=new.subject_date_of_birth
        )
        case.participants.append(
            CaseParticipant(
                person=subject, role=subject_role, is_party=subject_role is Role.YOUNG_PERSON
            )
        )
        if new.party_role is Role.PARENT_CARER:
            parent = Person(full_name=new.party_name.strip())
            case.participants.append(
                CaseParticipant(person=parent, role=Role.PARENT_CARER, is_party=True)
            )
        self._session.add(case)
        self._session.flush()
        return case.id

    def references_with_prefix(self, prefix: str) -> list[str]:
        """Return the references that start with ``prefix``."""
        pattern = f"{_escape_like(prefix)}%"
        query = sa.select(Case.reference).where(Case.reference.like(pattern, "\\"))
        return list(self._session.execute(query).scalars())


def _summary(case: Case, family_names: str | None) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        reference=case.reference,
        subject_name=case.subject_name,
        family_names=family_names or "",
        local_authority=case.local_authority,
        status=case.status,
        stage=case.current_stage,
        updated_at=case.updated_at,
    )
