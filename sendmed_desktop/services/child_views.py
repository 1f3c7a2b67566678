"""The child's views: how they were sought, what was said, and what may be shared.

Where a parent is a party the mediator must take reasonable steps to obtain the child's
views (CFA s.56(1)(e)); the record is kept even when that was not reasonably practicable.
The child's words are confidential: only ``may_share``, with consent, reaches the
written agreement (domain.md §1, §4).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sendmed_desktop.domain.vocabulary import ChildViewsMethod, Role
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.child_views_repository import ChildViewsRepository
from sendmed_desktop.storage.models import ChildViewsRecord

ENTITY = "child_views_record"
_CHILD_ROLES = (Role.CHILD, Role.YOUNG_PERSON)
_DESCRIBED_METHODS = {
    ChildViewsMethod.DRAWING: "Describe the child's drawing and what it shows.",
    ChildViewsMethod.RECORDING: "Describe the recording and what the child says in it.",
}


def _blank_to_none(text: str | None) -> str | None:
    return (text or "").strip() or None


@dataclass(frozen=True)
class ChildViewsEntry:
    """What the mediator records about the child's views.

    ``views_text`` holds the child's views (for a drawing or recording, a description);
    ``verbatim`` says whether it is the child's own words or the mediator's summary. It
    never leaves the mediator by itself: ``may_share`` is the only text the agreement may
    carry, and only when ``consent_given`` is True.

    ``share_views_text`` records that the child (and parent) agreed the views may be
    shared exactly as recorded. Saving with it set copies ``views_text`` into
    ``may_share`` (any other ``may_share`` is ignored), so what may be shared is always
    spelt out in ``may_share`` and nothing reads ``views_text`` to decide. Reading an
    entry back sets the flag when ``may_share`` equals ``views_text``.
    """

    child_participant_id: int | None
    method: ChildViewsMethod
    sought_on: date | None = None
    sought_by: str | None = None
    consent_given: bool | None = None
    may_share: str | None = None
    share_with: str | None = None
    verbatim: bool = False
    views_text: str = ""
    not_practicable_reason: str | None = None
    share_views_text: bool = False

    def cleaned(self) -> ChildViewsEntry:
        """Return the entry as it is stored: trimmed, blanks as None, the flag applied."""
        views_text = self.views_text.strip()
        may_share = views_text if self.share_views_text else _blank_to_none(self.may_share)
        return replace(
            self,
            sought_by=_blank_to_none(self.sought_by),
            may_share=may_share or None,
            share_with=_blank_to_none(self.share_with),
            views_text=views_text,
            not_practicable_reason=_blank_to_none(self.not_practicable_reason),
            share_views_text=bool(views_text) and may_share == views_text,
        )

    def problems(self, today: date) -> list[str]:
        """Return what stops the entry being saved, in the mediator's words."""
        entry = self.cleaned()
        found = []
        if entry.method is ChildViewsMethod.NOT_PRACTICABLE:
            if entry.not_practicable_reason is None:
                found.append(
                    "Say why it was not reasonably practicable to obtain the child's views."
                )
            if entry.may_share is not None:
                found.append(
                    "There are no views to share when seeking them was not reasonably "
                    "practicable: clear what may be shared."
                )
        else:
            if not entry.views_text:
                found.append(_DESCRIBED_METHODS.get(entry.method, "Record the child's views."))
            if entry.sought_by is None:
                found.append("Say who sought the child's views.")
        if entry.sought_on is not None and entry.sought_on > today:
            found.append("The date the child's views were sought is in the future.")
        if entry.consent_given is False and entry.may_share is not None:
            found.append(
                "Consent to share the child's views was not given, so nothing may be "
                "shared: clear what may be shared."
            )
        return found


def _values(entry: ChildViewsEntry) -> dict[str, Any]:
    return {
        "child_participant_id": entry.child_participant_id,
        "method": entry.method,
        "sought_on": entry.sought_on,
        "sought_by": entry.sought_by,
        "consent_given": entry.consent_given,
        "may_share": entry.may_share,
        "share_with": entry.share_with,
        "verbatim": entry.verbatim,
        "views_text": entry.views_text,
        "not_practicable_reason": entry.not_practicable_reason,
    }


def _entry(record: ChildViewsRecord) -> ChildViewsEntry:
    return ChildViewsEntry(
        child_participant_id=record.child_participant_id,
        method=record.method,
        sought_on=record.sought_on,
        sought_by=record.sought_by,
        consent_given=record.consent_given,
        may_share=record.may_share,
        share_with=record.share_with,
        verbatim=record.verbatim,
        views_text=record.views_text,
        not_practicable_reason=record.not_practicable_reason,
        share_views_text=bool(record.views_text) and record.may_share == record.views_text,
    )


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the mediator's calendar day


class ChildViewsService:
    """Keep the one child's-views record of each case."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def record(
        self, case_id: int, entry: ChildViewsEntry, *, today: date | None = None
    ) -> ChildViewsEntry:
        """Check and save a case's record, replacing any before; return it as stored."""
        stored = entry.cleaned()
        problems = stored.problems(today or _today())
        with self._workspace.transaction() as session:
            repository = ChildViewsRepository(session)
            if not repository.case_exists(case_id):
                raise ValidationError("This case no longer exists, so nothing was saved.")
            if stored.child_participant_id is not None:
                found = repository.participant(stored.child_participant_id)
                if found is None or found[0] != case_id:
                    problems.append("Choose the child or young person from this case.")
                elif found[1] not in _CHILD_ROLES:
                    problems.append(
                        "The views recorded here are the child's: choose the child or "
                        "young person, not another participant."
                    )
            if problems:
                raise ValidationError("\n".join(problems))
            saved, created = repository.save(case_id, _values(stored))
            audit.record(session, "create" if created else "update", ENTITY, saved.id)
            return _entry(saved)

    def get(self, case_id: int) -> ChildViewsEntry | None:
        """Return a case's record, or None if nothing has been recorded."""
        with self._workspace.transaction() as session:
            found = ChildViewsRepository(session).get(case_id)
            return None if found is None else _entry(found)

    def clear(self, case_id: int) -> None:
        """Remove a case's record (clearing nothing is not an error)."""
        with self._workspace.transaction() as session:
            removed_id = ChildViewsRepository(session).delete(case_id)
            if removed_id is not None:
                audit.record(session, "delete", ENTITY, removed_id)

    def shareable_summary_for_agreement(self, case_id: int) -> str | None:
        """Return what the written agreement may say of the child's views, or None.

        Only ``may_share``, and only when consent was given; never ``views_text``.
        """
        entry = self.get(case_id)
        if (
            entry is None
            or entry.method is ChildViewsMethod.NOT_PRACTICABLE
            or entry.consent_given is not True
        ):
            return None
        return _blank_to_none(entry.may_share)
