"""The dates the statutory clock runs from: read, checked and saved for one case."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sendmed_desktop.domain.vocabulary import FamilyDecision, Ground
from sendmed_desktop.domain.working_days import add_months, format_date
from sendmed_desktop.services.errors import ValidationError, WorkspaceError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.key_dates_repository import KeyDatesRepository

# The SEND Regulations 2014, and with them mediation before an appeal, began on this day.
EARLIEST_DATE = date(2014, 9, 1)
FUTURE_LIMIT_MONTHS = 24

# What each date is called when a problem names it.
DATE_LABELS: dict[str, str] = {
    "decision_notice_date": "The date on the decision notice",
    "decision_sent_on": "The date the decision notice was sent",
    "adviser_contacted_on": "The date the family contacted the mediation adviser",
    "family_decision_on": "The date of the family's decision",
    "adviser_told_of_decision_on": "The date the adviser was told of the family's decision",
    "la_informed_on": "The date the local authority was told the family wishes to mediate",
    "icb_notified_on": "The date the ICB was told of the health issues",
    "la_told_adviser_not_possible_on": (
        "The date the local authority said mediation could not happen within 30 days"
    ),
    "notice_given_on": "The date notice of the meeting was given",
    "meeting_date": "The meeting date",
    "meeting_held_on": "The date the meeting was held",
    "meeting_concluded_on": "The date mediation concluded",
}


def _today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are local calendar days


@dataclass(frozen=True)
class KeyDates:
    """The dates of one case that start or meet a statutory deadline; all optional."""

    decision_notice_date: date | None = None
    decision_sent_on: date | None = None
    adviser_contacted_on: date | None = None
    family_decision: FamilyDecision | None = None
    family_decision_on: date | None = None
    adviser_told_of_decision_on: date | None = None
    la_informed_on: date | None = None
    icb_notified_on: date | None = None
    la_told_adviser_not_possible_on: date | None = None
    notice_given_on: date | None = None
    shorter_notice_agreed: bool = False
    meeting_date: date | None = None
    meeting_held_on: date | None = None
    meeting_concluded_on: date | None = None

    def dates(self) -> dict[str, date]:
        """Return the dates that are set, by field name, in the order things happen."""
        return {name: getattr(self, name) for name in DATE_LABELS if getattr(self, name)}

    def problems(self, today: date | None = None) -> list[str]:
        """Return what is wrong with these dates, in plain English; empty if nothing is."""
        today = today or _today()
        latest = add_months(today, FUTURE_LIMIT_MONTHS)
        found: list[str] = []
        for name, day in self.dates().items():
            if day > latest:
                found.append(
                    f"{DATE_LABELS[name]} ({format_date(day)}) is more than 2 years ahead. "
                    "Check the year."
                )
            elif day < EARLIEST_DATE:
                found.append(
                    f"{DATE_LABELS[name]} ({format_date(day)}) is before 1 September 2014, "
                    "when the SEND mediation rules began. Check the year."
                )
        found.extend(self._order_problems(today))
        if self.family_decision_on and self.family_decision is None:
            found.append("Choose what the family decided, or clear the date of their decision.")
        return found

    def _order_problems(self, today: date) -> list[str]:
        found: list[str] = []
        notice, sent = self.decision_notice_date, self.decision_sent_on
        if notice and sent and sent < notice:
            found.append(
                f"The decision notice cannot have been sent ({format_date(sent)}) before the "
                f"date on it ({format_date(notice)})."
            )
        held, concluded = self.meeting_held_on, self.meeting_concluded_on
        if held and concluded and concluded < held:
            found.append(
                f"Mediation cannot have concluded ({format_date(concluded)}) before the "
                f"meeting was held ({format_date(held)})."
            )
        for name, day in (("meeting_held_on", held), ("meeting_concluded_on", concluded)):
            if day and day > today:
                found.append(
                    f"{DATE_LABELS[name]} ({format_date(day)}) has not happened yet: "
                    "enter it once it has, and put a planned meeting in the meeting date."
                )
        if self.notice_given_on and self.meeting_date and self.notice_given_on > self.meeting_date:
            found.append(
                f"Notice of the meeting ({format_date(self.notice_given_on)}) cannot be given "
                f"after the meeting date ({format_date(self.meeting_date)})."
            )
        return found

    def changed_fields(self, other: KeyDates) -> list[str]:
        """Return the names of the fields that differ from ``other``."""
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


class KeyDatesService:
    """Load and save the key dates of cases in one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def load(self, case_id: int) -> KeyDates:
        """Return the key dates stored for ``case_id``."""
        with self._workspace.transaction() as session:
            repository = KeyDatesRepository(session)
            if repository.case(case_id) is None:
                raise WorkspaceError(_GONE)
            return _read(repository, case_id)

    def save(self, case_id: int, dates: KeyDates, today: date | None = None) -> None:
        """Check and store ``dates``; raise ValidationError listing what is wrong."""
        problems = dates.problems(today)
        if problems:
            raise ValidationError("\n".join(problems))
        with self._workspace.transaction() as session:
            repository = KeyDatesRepository(session)
            case = repository.case(case_id)
            if case is None:
                raise WorkspaceError(_GONE)
            before = _read(repository, case_id)
            changed = dates.changed_fields(before)
            if not changed:
                return
            _write_clock(repository, case_id, dates)
            if {"decision_notice_date", "decision_sent_on"} & set(changed):
                _write_decision(repository, case_id, dates, health_only=case.health_only)
            if dates.meeting_date != before.meeting_date:
                repository.set_meeting_date(case_id, dates.meeting_date)
            repository.touch_case(case)
            # Field names only: the trail never holds dates, names or case content.
            audit.record(session, "update", "key_dates", case_id, detail=",".join(changed))


_GONE = "That case is no longer in the workspace. Refresh the case list (F5)."
_CLOCK_FIELDS = (
    "adviser_contacted_on",
    "family_decision",
    "family_decision_on",
    "adviser_told_of_decision_on",
    "la_informed_on",
    "icb_notified_on",
    "la_told_adviser_not_possible_on",
    "notice_given_on",
    "shorter_notice_agreed",
    "meeting_held_on",
    "meeting_concluded_on",
)


def _read(repository: KeyDatesRepository, case_id: int) -> KeyDates:
    clock = repository.clock(case_id)
    decision = repository.decision(case_id)
    stored = {name: getattr(clock, name) for name in _CLOCK_FIELDS} if clock else {}
    stored["shorter_notice_agreed"] = bool(stored.get("shorter_notice_agreed"))
    return KeyDates(
        decision_notice_date=decision.notice_date if decision else None,
        decision_sent_on=decision.notice_sent_on if decision else None,
        meeting_date=repository.meeting_date(case_id),
        **stored,
    )


def _write_clock(repository: KeyDatesRepository, case_id: int, dates: KeyDates) -> None:
    clock = repository.clock_for_update(case_id)
    for name in _CLOCK_FIELDS:
        setattr(clock, name, getattr(dates, name))


def _write_decision(
    repository: KeyDatesRepository, case_id: int, dates: KeyDates, *, health_only: bool
) -> None:
    # The decision row needs a ground; until the decision itself is recorded, a new row
    # takes the usual one for the case's kind, and a recorded ground is never changed.
    ground = Ground.HEALTH_OR_SOCIAL_CARE_ONLY if health_only else Ground.PLAN_CONTENT
    decision = repository.decision_for_update(case_id, ground)
    decision.notice_date = dates.decision_notice_date
    decision.notice_sent_on = dates.decision_sent_on
