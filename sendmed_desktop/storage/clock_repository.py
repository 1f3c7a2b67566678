"""Read the dates the statutory clock runs from, for one case or every open case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.timeline import ActionDate, ClockFacts
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    CaseStatus,
    CertificateKind,
    IssueArea,
    Role,
)
from sendmed_desktop.storage.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseParticipant,
    Certificate,
    DisputedDecision,
    MediationIssue,
    Meeting,
    StatutoryDates,
)

# Meetings are stored in UTC; the statutory day is the day in England.
ENGLAND = ZoneInfo("Europe/London")
_FINISHED = (CaseStatus.CLOSED,)


def _local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(ENGLAND).date()


class ClockRepository:
    """Gather ClockFacts with a fixed number of queries, however many cases there are."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def facts_for_case(self, case_id: int) -> ClockFacts | None:
        """Return the clock facts of one case."""
        found = self._facts(sa.select(Case).where(Case.id == case_id))
        return found[0] if found else None

    def facts_for_open_cases(self) -> list[ClockFacts]:
        """Return the clock facts of every case that is not closed."""
        return self._facts(sa.select(Case).where(Case.status.not_in(_FINISHED)))

    def _facts(self, case_query: sa.Select[Case]) -> list[ClockFacts]:
        cases = list(self._session.execute(case_query).scalars())
        if not cases:
            return []
        ids = [case.id for case in cases]
        clocks = self._clocks(ids)
        decisions = self._decisions(ids)
        health = self._health_cases(ids)
        meetings = self._meeting_days(ids)
        certificates = self._certificates(ids)
        actions = self._actions(ids)
        return [
            _facts(
                case,
                clock=clocks.get(case.id),
                decision=decisions.get(case.id),
                health=case.id in health,
                meeting_day=meetings.get(case.id),
                certificates=certificates.get(case.id, {}),
                actions=tuple(actions.get(case.id, ())),
            )
            for case in cases
        ]

    def _clocks(self, ids: Sequence[int]) -> dict[int, StatutoryDates]:
        query = sa.select(StatutoryDates).where(StatutoryDates.case_id.in_(ids))
        return {row.case_id: row for row in self._session.execute(query).scalars()}

    def _decisions(self, ids: Sequence[int]) -> dict[int, DisputedDecision]:
        query = sa.select(DisputedDecision).where(DisputedDecision.case_id.in_(ids))
        return {row.case_id: row for row in self._session.execute(query).scalars()}

    def _health_cases(self, ids: Sequence[int]) -> set[int]:
        by_issue = sa.select(MediationIssue.case_id).where(
            MediationIssue.case_id.in_(ids),
            sa.or_(
                MediationIssue.area == IssueArea.HEALTH,
                MediationIssue.health_provision_sought.is_not(None),
            ),
        )
        by_icb = sa.select(CaseParticipant.case_id).where(
            CaseParticipant.case_id.in_(ids), CaseParticipant.role == Role.ICB_OFFICER
        )
        return set(self._session.execute(sa.union(by_issue, by_icb)).scalars())

    def _meeting_days(self, ids: Sequence[int]) -> dict[int, date]:
        query = sa.select(Meeting.case_id, Meeting.scheduled_start).where(
            Meeting.case_id.in_(ids),
            Meeting.cancelled.is_(False),
            Meeting.scheduled_start.is_not(None),
        )
        days: dict[int, date] = {}
        for case_id, start in self._session.execute(query):
            day = _local_day(start)
            if day is not None and (case_id not in days or day < days[case_id]):
                days[case_id] = day
        return days

    def _certificates(self, ids: Sequence[int]) -> dict[int, dict[CertificateKind, date]]:
        # A corrected certificate does not move the date the original was issued.
        query = sa.select(Certificate.case_id, Certificate.kind, Certificate.issued_on).where(
            Certificate.case_id.in_(ids), Certificate.reissue_of_id.is_(None)
        )
        issued: dict[int, dict[CertificateKind, date]] = defaultdict(dict)
        for case_id, kind, issued_on in self._session.execute(query):
            earlier = issued[case_id].get(kind)
            issued[case_id][kind] = issued_on if earlier is None else min(earlier, issued_on)
        return issued

    def _actions(self, ids: Sequence[int]) -> dict[int, list[ActionDate]]:
        query = (
            sa.select(Agreement.case_id, AgreedAction)
            .join(AgreedAction, AgreedAction.agreement_id == Agreement.id)
            .where(
                Agreement.case_id.in_(ids),
                Agreement.status != AgreementStatus.SUPERSEDED,
                AgreedAction.due_on.is_not(None),
            )
            .order_by(AgreedAction.position)
        )
        actions: dict[int, list[ActionDate]] = defaultdict(list)
        for case_id, action in self._session.execute(query):
            actions[case_id].append(_action_date(action))
        return actions


def _action_date(action: AgreedAction) -> ActionDate:
    owner = ", ".join(p for p in (action.owner_name, action.owner_role) if p)
    summary = action.action if len(action.action) <= 60 else action.action[:57] + "…"
    return ActionDate(
        title=f"Agreed action: {summary}",
        due=action.due_on or date.min,
        rule={"appealable": "R11", "not_appealable": "R9"}.get(action.statutory_basis, "R12"),
        explanation=f"{owner or 'The named owner'} agreed to do this by the date shown "
        f"({action.statutory_basis.label}).",
        completed_on=action.completed_on,
    )


def _facts(
    case: Case,
    *,
    clock: StatutoryDates | None,
    decision: DisputedDecision | None,
    health: bool,
    meeting_day: date | None,
    certificates: dict[CertificateKind, date],
    actions: tuple[ActionDate, ...],
) -> ClockFacts:
    clock = clock or StatutoryDates()
    return ClockFacts(
        case_id=case.id,
        reference=case.reference,
        decision_sent=decision.notice_sent_on if decision else None,
        adviser_contacted_on=clock.adviser_contacted_on,
        family_decision=clock.family_decision,
        adviser_told_of_decision_on=clock.adviser_told_of_decision_on,
        la_informed_on=clock.la_informed_on,
        health_in_scope=health,
        health_only=case.health_only,
        icb_notified_on=clock.icb_notified_on,
        la_told_adviser_not_possible_on=clock.la_told_adviser_not_possible_on,
        meeting_date=meeting_day,
        notice_given_on=clock.notice_given_on,
        shorter_notice_agreed=bool(clock.shorter_notice_agreed),
        meeting_held_on=clock.meeting_held_on,
        meeting_concluded_on=clock.meeting_concluded_on,
        certificates_issued=dict(certificates),
        actions=actions,
    )
