"""Intake and preparation of a case, as one service for the GUI (domain.md §5, "Before").

Everything a preparation page needs is here: the people and their roles, the decision under
dispute, the agenda of issues, pre-meeting contacts, reasonable adjustments, expenses, the
meeting and who is invited to it, and the Agreement to Mediate. Each part lives in its own
``intake_*`` module; this one joins them and names what callers import.

Every call takes plain data, checks it, and either stores it in one transaction with an
audit entry (ids only) or raises ValidationError whose message lists the problems in the
mediator's words. Checks that should not stop the mediator saving come back as `Finding`s.
"""

from __future__ import annotations

from sendmed_desktop.domain.money import format_money, parse_money
from sendmed_desktop.domain.parties import ActingAuthority, Finding, Severity
from sendmed_desktop.services.intake_attendance import AttendanceIntake, AttendeeView
from sendmed_desktop.services.intake_expenses import ExpenseEntry, ExpenseIntake, ExpenseView
from sendmed_desktop.services.intake_issues import (
    DecisionEntry,
    IssueEntry,
    IssueIntake,
    IssueView,
    certificate_needed,
)
from sendmed_desktop.services.intake_meeting import MeetingEntry, MeetingIntake, MeetingView
from sendmed_desktop.services.intake_people import (
    NewParticipant,
    ParticipantEntry,
    ParticipantIntake,
    ParticipantView,
)
from sendmed_desktop.services.intake_support import (
    AdjustmentEntry,
    AdjustmentKind,
    AdjustmentView,
    ContactChannel,
    ContactEntry,
    ContactView,
    SupportIntake,
)

__all__ = [
    "ActingAuthority",
    "AdjustmentEntry",
    "AdjustmentKind",
    "AdjustmentView",
    "AttendeeView",
    "ContactChannel",
    "ContactEntry",
    "ContactView",
    "DecisionEntry",
    "ExpenseEntry",
    "ExpenseView",
    "Finding",
    "IntakeService",
    "IssueEntry",
    "IssueView",
    "MeetingEntry",
    "MeetingView",
    "NewParticipant",
    "ParticipantEntry",
    "ParticipantView",
    "Severity",
    "certificate_needed",
    "format_money",
    "parse_money",
]


class IntakeService(
    ParticipantIntake,
    IssueIntake,
    SupportIntake,
    ExpenseIntake,
    MeetingIntake,
    AttendanceIntake,
):
    """Intake and preparation of cases in one workspace: ``IntakeService(workspace)``."""
