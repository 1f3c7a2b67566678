"""What every part of the intake service shares: the workspace, refusals and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import NoReturn, Protocol, TypeVar, cast

from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import Base, Case, CaseParticipant

T = TypeVar("T")


class CaseRecord(Protocol):
    """A row that belongs to one case (a contact, an adjustment, an expense)."""

    id: int
    case_id: int


R = TypeVar("R", bound=CaseRecord)
PersonCheck = Callable[[IntakeRepository, int, "int | None"], None]


class IntakeBase:
    """Holds the workspace for the intake services, which each add their own use cases."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def _add_record(
        self,
        case_id: int,
        participant_id: int | None,
        *,
        row: R,
        store: Callable[[R], None],
        entity: str,
        check: PersonCheck | None = None,
    ) -> int:
        """Store a new case record for someone in the case; audit it; return its id."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            (check or check_person)(repository, case_id, participant_id)
            store(row)
            repository.add(cast("Base", row))
            repository.touch(case)
            audit.record(session, "add", entity, row.id, detail=f"case {case_id}")
            return row.id

    def _update_record(
        self,
        lookup: Callable[[IntakeRepository], R | None],
        what: str,
        *,
        participant_id: int | None,
        store: Callable[[R], None],
        entity: str,
        check: PersonCheck | None = None,
    ) -> None:
        """Store changes to a case record, if it still exists; audit it."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(lookup(repository), what)
            (check or check_person)(repository, row.case_id, participant_id)
            store(row)
            repository.touch(case_of(repository, row.case_id))
            audit.record(session, "update", entity, row.id, detail=f"case {row.case_id}")

    def _remove_record(
        self, lookup: Callable[[IntakeRepository], R | None], what: str, entity: str
    ) -> None:
        """Remove a case record, if it still exists; audit it."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(lookup(repository), what)
            case_id, row_id = row.case_id, row.id
            repository.delete(cast("Base", row))
            repository.touch(case_of(repository, case_id))
            audit.record(session, "remove", entity, row_id, detail=f"case {case_id}")


def refuse(problem: str) -> NoReturn:
    """Raise ValidationError with one problem."""
    raise ValidationError(problem)


def refuse_if(problems: list[str]) -> None:
    """Raise ValidationError listing ``problems``, one per line, if there are any."""
    if problems:
        raise ValidationError("\n".join(problems))


def found(row: T | None, what: str) -> T:
    """Return ``row``, or refuse because the record has gone (deleted elsewhere, say)."""
    if row is None:
        raise ValidationError(f"{what} no longer exists. Refresh the page and try again.")
    return row


def case_of(repository: IntakeRepository, case_id: int) -> Case:
    """Return the case, or refuse because it has gone."""
    return found(repository.case(case_id), "This case")


def cleaned(text: str | None) -> str | None:
    """Return ``text`` without surrounding spaces, or None if nothing is left."""
    if text is None:
        return None
    return text.strip() or None


def too_long(text: str | None, limit: int, what: str) -> list[str]:
    """Return a problem if ``text`` will not fit its column."""
    if text is not None and len(text.strip()) > limit:
        return [f"{what} is too long: keep it to {limit} characters."]
    return []


def today() -> date:
    """Return today's date where the mediator is (statutory days are local calendar days)."""
    return date.today()  # noqa: DTZ011 - a calendar date, not a moment


def now() -> datetime:
    """Return the current moment, timezone-aware."""
    return datetime.now(UTC)


def is_aware(moment: datetime) -> bool:
    """Tell whether ``moment`` carries its time zone, so it means one instant."""
    return moment.tzinfo is not None and moment.utcoffset() is not None


def participant_names(participants: list[CaseParticipant]) -> dict[int | None, str]:
    """Return each participant's name by id, to label rows that point at people."""
    return {p.id: p.person.full_name for p in participants}


def check_person(repository: IntakeRepository, case_id: int, participant_id: int | None) -> None:
    """Refuse a link to someone who is not in this case."""
    if participant_id is None:
        return
    participant = repository.participant(participant_id)
    if participant is None or participant.case_id != case_id:
        refuse("Choose someone in this case.")
