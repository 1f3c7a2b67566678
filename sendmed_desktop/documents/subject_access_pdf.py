"""A subject-access export as a readable PDF, and the plain data it is made from.

Under UK GDPR (article 15) a person may ask for every piece of personal data held about
them. ``SubjectAccessExport`` is that data as plain values: the service builds it (leaving
out every private and private-session note, which are counted instead) and writes it as
JSON; this module lays the same data out for people to read. Each fact carries a stable
key for the JSON and a plain-English label for the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Table

from sendmed_desktop.documents.formatting import format_date, format_datetime
from sendmed_desktop.documents.pdf_base import (
    FONT_BOLD,
    FRAME_WIDTH,
    INK,
    SHADE,
    WARNING,
    Cell,
    DocumentBuilder,
    DocumentInfo,
    RenderedDocument,
    table_style,
)
from sendmed_desktop.domain.vocabulary import LabelledEnum

FORMAT_VERSION = 1
TITLE = "Subject access export"
SUBJECT = "Personal data held about one person (UK GDPR article 15)"
NOT_RECORDED = "Not recorded"
_LABEL_WIDTH = 50 * mm

# What one fact may hold; a tuple is a list of short texts (plan sections, names).
Value: TypeAlias = str | int | bool | date | datetime | LabelledEnum | tuple[str, ...] | None


@dataclass(frozen=True)
class Item:
    """One fact: a stable key for the JSON, a plain label and the value as stored."""

    key: str
    label: str
    value: Value
    # How the page shows the value when plain formatting would not do (money, a drawing).
    shown: str | None = None


@dataclass(frozen=True)
class Record:
    """One stored record, as the facts it holds."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class RecordGroup:
    """Every record of one kind in one case, under a plain-English heading."""

    kind: str
    heading: str
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Withheld:
    """What is held but not given, counted so the data controller can decide about it."""

    private_notes: int = 0
    private_session_notes: int = 0
    child_views: int = 0

    @property
    def notes(self) -> int:
        """Return how many notes are withheld."""
        return self.private_notes + self.private_session_notes

    def __add__(self, other: Withheld) -> Withheld:
        return Withheld(
            self.private_notes + other.private_notes,
            self.private_session_notes + other.private_session_notes,
            self.child_views + other.child_views,
        )


@dataclass(frozen=True)
class CaseSection:
    """One case the person is in: the case, their details as held there, and the records."""

    reference: str
    case: Record
    details: tuple[Record, ...]
    groups: tuple[RecordGroup, ...]
    withheld: Withheld


@dataclass(frozen=True)
class Controller:
    """Who holds the data: the mediator's profile and their organisation."""

    name: str
    role_title: str
    organisation: str | None
    accreditation: str | None


@dataclass(frozen=True)
class SubjectAccessExport:
    """Everything held about one person, across every case they are in."""

    exported_at: datetime
    names: tuple[str, ...]
    controller: Controller | None
    cases: tuple[CaseSection, ...]
    format_version: int = FORMAT_VERSION

    @property
    def withheld(self) -> Withheld:
        """Return what is withheld across every case."""
        total = Withheld()
        for case in self.cases:
            total += case.withheld
        return total


def shown_value(item: Item) -> str:
    """Return how the page shows one fact: British dates, Yes or No, labels not codes."""
    if item.shown is not None:
        return item.shown
    value = item.value
    if value is None or value in ("", ()):
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value)


def withheld_sentences(withheld: Withheld) -> list[str]:
    """Return what the reader is told about the records held back, in plain words."""
    if withheld.notes == 0:
        sentences = ["No private or private-session notes are held about this person."]
    else:
        verb = "is" if withheld.notes == 1 else "are"
        counted = (
            f"{_count(withheld.notes, 'confidential note')} about this person {verb} held "
            f"but not included: {_count(withheld.private_notes, 'private note')} and "
            f"{_count(withheld.private_session_notes, 'private-session note')}. They are "
            "withheld as confidential to the mediation; the data controller decides whether "
            "any of them can be released."
        )
        sentences = [counted]
    if withheld.child_views:
        sentences.append(
            f"The child's views as recorded ({_count(withheld.child_views, 'record')}) are "
            "withheld as confidential to the mediation; what may be shared of them, with "
            "consent, is included."
        )
    return sentences


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def render_subject_access(export: SubjectAccessExport) -> RenderedDocument:
    """Return the export's PDF and the plain text of everything printed on it."""
    builder = DocumentBuilder()
    _front(builder, export)
    for case in export.cases:
        _case(builder, case)
    day = format_date(export.exported_at.date())
    info = DocumentInfo(
        title=TITLE,
        author=export.controller.name if export.controller else "SendMed Desktop",
        subject=SUBJECT,
        footer=f"{TITLE} · made {day} · confidential",
    )
    return builder.render(info)


def _front(builder: DocumentBuilder, export: SubjectAccessExport) -> None:
    s = builder.styles
    controller = export.controller
    if controller is not None and controller.organisation:
        builder.add(builder.para(controller.organisation, s.letterhead))
    builder.add(builder.para(TITLE, s.title))
    builder.add(builder.para("Everything this workspace holds about one person.", s.subtitle))
    references = ", ".join(case.reference for case in export.cases)
    rows: list[tuple[str, Cell]] = [
        ("About", builder.lines(export.names)),
        ("Date of export", builder.para(format_datetime(export.exported_at))),
        ("Data controller", builder.lines(_controller_lines(controller))),
        (
            "Cases",
            builder.para(f"{_count(len(export.cases), 'case')}: {references or 'none'}"),
        ),
        (
            "Also in this export",
            builder.para(
                "A JSON file with the same data, for other programs "
                f"(format version {export.format_version})."
            ),
        ),
    ]
    builder.add(builder.space(2), builder.key_values(rows, _LABEL_WIDTH))
    builder.add(builder.space(4), _withheld_box(builder, export.withheld))


def _controller_lines(controller: Controller | None) -> list[str]:
    if controller is None:
        return ["No mediator profile is set up in this workspace."]
    return [
        f"{controller.name}, {controller.role_title}",
        controller.organisation or "",
        f"Accreditation: {controller.accreditation}" if controller.accreditation else "",
    ]


def _withheld_box(builder: DocumentBuilder, withheld: Withheld) -> Table:
    style = ParagraphStyle(
        "withheld", parent=builder.styles.body, textColor=WARNING if withheld.notes else INK
    )
    cells = [
        [builder.para("Confidential records", builder.styles.label)],
        *([builder.para(sentence, style)] for sentence in withheld_sentences(withheld)),
    ]
    table = Table(cells, colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
        )
    )
    return table


def _subheading(builder: DocumentBuilder, text: str) -> Cell:
    style = ParagraphStyle(
        "subheading",
        parent=builder.styles.body,
        fontName=FONT_BOLD,
        fontSize=10.5,
        leading=14,
        spaceBefore=8,
        spaceAfter=3,
    )
    paragraph = builder.para(text, style)
    paragraph.keepWithNext = True
    return paragraph


def _case(builder: DocumentBuilder, case: CaseSection) -> None:
    builder.add(builder.page_break(), builder.heading(f"Case {case.reference}"))
    builder.add(_record_table(builder, case.case))
    builder.add(_subheading(builder, "Details held about this person in this case"))
    for record in case.details:
        builder.add(_record_table(builder, record), builder.space(2))
    for group in case.groups:
        if not group.records:
            continue
        heading = _subheading(builder, f"{group.heading} ({len(group.records)})")
        for index, record in enumerate(group.records):
            # The heading goes with its first record, never alone at the foot of a page.
            lead = [heading] if index == 0 else []
            builder.add(builder.keep([*lead, _record_table(builder, record), builder.space(2)]))
    if case.withheld.notes or case.withheld.child_views:
        builder.add(_subheading(builder, "Withheld in this case"))
        for sentence in withheld_sentences(case.withheld):
            builder.add(builder.para(sentence, builder.styles.small))


def _record_table(builder: DocumentBuilder, record: Record) -> Table:
    rows = _rows(builder, record.items) or [
        ("Record", builder.para(NOT_RECORDED, builder.styles.cell))
    ]
    # key_values splits a row taller than a page, so a long note never stops the export.
    return builder.key_values(rows, _LABEL_WIDTH)


def _rows(builder: DocumentBuilder, items: Sequence[Item]) -> list[tuple[str, Cell]]:
    # A blank fact says nothing to a reader; the JSON keeps every key for programs.
    rows: list[tuple[str, Cell]] = []
    for item in items:
        if item.shown is None and item.value in (None, "", ()):
            continue
        if item.shown is None and isinstance(item.value, tuple):
            rows.append((item.label, builder.lines(item.value, builder.styles.cell)))
        else:
            rows.append((item.label, builder.para(shown_value(item), builder.styles.cell)))
    return rows
