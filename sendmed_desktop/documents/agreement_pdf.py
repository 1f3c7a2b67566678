"""The written mediation agreement as a PDF (reg 42; domain.md §4).

The renderer is given only a ``SignedAgreement``: the content every signatory agreed to,
and their signatures. It never sees notes, so nothing said in the meeting can reach the
page except what the agreement itself contains.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from sendmed_desktop.documents.formatting import format_date, format_datetime
from sendmed_desktop.documents.pdf_base import (
    ACCENT,
    FONT,
    FONT_ITALIC,
    FRAME_WIDTH,
    RULE,
    Cell,
    DocumentBuilder,
    DocumentInfo,
    DrawnSignature,
    RenderedDocument,
    covers,
    table_style,
)
from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    SignatureRecord,
    SignedAgreement,
    easy_read_lines,
)
from sendmed_desktop.domain.vocabulary import (
    Ground,
    IssueArea,
    IssueOutcome,
    LabelledEnum,
    MeetingFormat,
    Role,
    SignatureMethod,
    StatutoryBasis,
)

FINGERPRINT_CHARS = 16
SUBJECT = "Written agreement after SEND mediation (SEND Regulations 2014, regulation 42)"
_E = TypeVar("_E", bound=LabelledEnum)


def render_agreement(signed: SignedAgreement, *, easy_read: list[str] | None = None) -> bytes:
    """Return the agreement as PDF bytes (not yet sealed)."""
    return build_agreement(signed, easy_read=easy_read).pdf


def build_agreement(
    signed: SignedAgreement, *, easy_read: list[str] | None = None
) -> RenderedDocument:
    """Return the agreement's PDF and the plain text of everything printed on it.

    ``easy_read`` is the annex's lines; by default ``domain.agreement.easy_read_lines``.
    """
    content = signed.content
    builder = DocumentBuilder()
    sections = _Sections(builder)
    _front(builder, content, signed.content_sha256)
    _attendees(builder, sections, content)
    _issues(builder, sections, content)
    _actions(builder, sections, content)
    if content.child_views_summary:  # only where consent allowed it into the content
        builder.add(sections.heading("The child's or young person's views"))
        builder.add(builder.para(content.child_views_summary))
    builder.add(sections.heading("Confidentiality"))
    builder.add(builder.para(content.confidentiality_statement))
    _appeal(builder, sections, content)
    _signatures(builder, sections, signed)
    _distribution(builder, sections, content)
    _annex(builder, easy_read if easy_read is not None else easy_read_lines(content))
    version = f"version {content.version}"
    info = DocumentInfo(
        title=f"Mediation agreement {content.case_reference} ({version})",
        author=content.mediator_name or content.provider_name or "SendMed Desktop",
        subject=SUBJECT,
        footer=(
            f"Mediation agreement · Case {content.case_reference} · {version} · "
            f"text fingerprint {signed.content_sha256[:FINGERPRINT_CHARS]}"
        ),
    )
    return builder.render(info)


class _Sections:
    """Numbered section headings: the child's views section is there only sometimes."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self._builder = builder
        self._number = 0

    def heading(self, title: str) -> Paragraph:
        self._number += 1
        return self._builder.heading(f"{self._number}. {title}")


def label(kind: type[_E], value: str | None) -> str:
    """Return the label of a stored enum value, or the text itself if it is not one."""
    if not value:
        return ""
    try:
        return kind(value).label
    except ValueError:
        return value


def _front(builder: DocumentBuilder, content: AgreementContent, digest: str) -> None:
    s = builder.styles
    if content.provider_name:
        builder.add(builder.para(content.provider_name, s.letterhead))
    builder.add(builder.para("Mediation agreement", s.title))
    builder.add(
        builder.para(
            "What was agreed at SEND mediation, written down and dated as regulation 42 of "
            "the SEND Regulations 2014 requires.",
            s.subtitle,
        )
    )
    agreed_on = content.agreement_date
    rows: list[tuple[str, Cell]] = [
        ("Case reference", builder.para(content.case_reference, markup="b")),
        ("Version", builder.para(str(content.version))),
        (
            "Date of this agreement",
            [
                builder.para(format_date(agreed_on) if agreed_on else "Not dated yet"),
                builder.para("The deadlines for the actions below run from this date.", s.small),
            ],
        ),
        ("Child or young person", builder.para(content.child_name)),
        (
            "Parties",
            builder.lines(
                [*content.family_parties, content.local_authority, *content.health_bodies]
            ),
        ),
    ]
    if content.decision_ground:
        rows.append(("Decision in dispute", builder.para(label(Ground, content.decision_ground))))
    rows.append(("Meeting", builder.lines(_meeting_lines(content))))
    mediator = [content.mediator_name, content.mediator_accreditation, content.provider_name]
    rows.append(("Mediator", builder.lines(mediator)))
    rows.append(
        (
            "Text fingerprint",
            [
                builder.para(digest[:FINGERPRINT_CHARS]),
                builder.para("Every signature below binds this exact text (SHA-256).", s.small),
            ],
        )
    )
    builder.add(builder.key_values(rows, label_width=42 * mm))


def _meeting_lines(content: AgreementContent) -> list[str]:
    when = format_date(content.meeting_date) if content.meeting_date else "Date not recorded"
    if content.start_time and content.end_time:
        when += f", {content.start_time} to {content.end_time}"
    elif content.start_time:
        when += f", from {content.start_time}"
    elif content.end_time:
        when += f", until {content.end_time}"
    how = label(MeetingFormat, content.meeting_format)
    where = " at ".join(part for part in (how, content.venue) if part)
    return [when, where]


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "—"}[value]


def _attendees(builder: DocumentBuilder, sections: _Sections, content: AgreementContent) -> None:
    builder.add(sections.heading("Who took part"))
    if not content.attendees:
        builder.add(builder.para("No attendees were recorded."))
        return
    c = builder.styles.cell
    rows = [
        [
            builder.para(person.name, c, markup="b"),
            builder.para(label(Role, person.role), c),
            builder.para(person.organisation, c),
            builder.para(_yes_no(person.authority_to_settle), c),
        ]
        for person in content.attendees
    ]
    header = ("Name", "Role", "Organisation", "Authority to settle")
    builder.add(builder.grid(header, rows, [48 * mm, 48 * mm, 48 * mm, 26 * mm]))
    builder.add(builder.space(1.5))
    builder.add(
        builder.para(
            "Local authority and health officers at mediation must have authority to agree "
            "the issues (regulation 38).",
            builder.styles.small,
        )
    )


def _issues(builder: DocumentBuilder, sections: _Sections, content: AgreementContent) -> None:
    builder.add(sections.heading("The issues and what was decided"))
    if not content.issues:
        builder.add(builder.para("No issues were recorded."))
        return
    s = builder.styles
    rows = []
    for issue in content.issues:
        area = label(IssueArea, issue.area)
        rows.append(
            [
                builder.para(str(issue.number), s.cell),
                [builder.para(issue.heading, s.cell), builder.para(area, s.small)],
                builder.para(", ".join(issue.sections) or "—", s.cell),
                builder.para(
                    label(IssueOutcome, issue.outcome) or "Not decided", s.cell, markup="b"
                ),
            ]
        )
    header = ("No.", "Issue", "EHC plan section", "Outcome")
    builder.add(builder.grid(header, rows, [11 * mm, 104 * mm, 27 * mm, 28 * mm]))


def _actions(builder: DocumentBuilder, sections: _Sections, content: AgreementContent) -> None:
    builder.add(sections.heading("Agreed actions"))
    if not content.actions:
        builder.add(builder.para("No actions were agreed."))
        return
    builder.add(
        builder.para(
            "Each action names the person who will do it, what they will do, how everyone "
            "will know it is done, and the date it will be done by. The dates follow the "
            "SEND Regulations 2014 (regulations 42 and 44) unless the parties agreed a "
            "different timescale in writing."
        )
    )
    builder.add(builder.space(2))
    rows = [_action_row(builder, action) for action in content.actions]
    header = ("No.", "Who", "Action", "Done when", "By", "Why this date")
    widths = [10 * mm, 31 * mm, 38 * mm, 29 * mm, 25 * mm, 37 * mm]
    builder.add(builder.grid(header, rows, widths))


def _action_row(builder: DocumentBuilder, action: ActionLine) -> list[Cell]:
    s = builder.styles
    link = []
    if action.issue_number is not None:
        link.append(f"Issue {action.issue_number}")
    if action.plan_section:
        link.append(f"Section {action.plan_section}")
    what: list[Flowable] = [builder.para(action.action, s.cell)]
    if link:
        what.append(builder.para(" · ".join(link), s.small))
    why: list[Flowable] = []
    basis = label(StatutoryBasis, action.statutory_basis)
    if basis:
        why.append(builder.para(basis, s.cell, markup="b"))
    if action.basis_explanation:
        why.append(builder.para(action.basis_explanation, s.cell))
    if action.alternative_timescale_note:
        if basis != StatutoryBasis.ALTERNATIVE_AGREED.label:
            why.append(builder.para("Different timescale agreed in writing:", s.cell, markup="b"))
        why.append(builder.para(action.alternative_timescale_note, s.cell))
    # Break a date only after the weekday: "Wed" / "18 Feb 2026".
    due = _unbroken_date(format_date(action.due_on)) if action.due_on else "No date set"
    return [
        builder.para(str(action.number), s.cell),
        [
            builder.para(action.owner_name, s.cell, markup="b"),
            builder.lines([action.owner_role, action.owner_organisation], s.cell),
        ],
        what,
        builder.para(action.measure, s.cell),
        builder.para(due, s.cell, markup="b"),
        why or builder.para("—", s.cell),
    ]


def _unbroken_date(text: str) -> str:
    weekday, _, rest = text.partition(" ")
    return f"{weekday} {rest.replace(' ', chr(0xA0))}"


def _appeal(builder: DocumentBuilder, sections: _Sections, content: AgreementContent) -> None:
    builder.add(sections.heading("If something is not resolved"))
    builder.add(builder.para(content.appeal_statement))
    agreed = IssueOutcome.AGREED.label
    open_issues = [i for i in content.issues if label(IssueOutcome, i.outcome) != agreed]
    if content.issues and open_issues:
        builder.add(builder.space(2))
        builder.add(builder.para("Issues not fully resolved at this mediation:", markup="b"))
        builder.add(
            builder.bullets(
                [
                    f"Issue {issue.number}: {issue.heading} "
                    f"({label(IssueOutcome, issue.outcome).lower() or 'not decided'})"
                    for issue in open_issues
                ]
            )
        )


def _signatures(builder: DocumentBuilder, sections: _Sections, signed: SignedAgreement) -> None:
    digest = signed.content_sha256
    opening: list[Flowable] = [
        sections.heading("Signatures"),
        builder.para(
            "By signing, each person confirms they agree to this version of the agreement. "
            "Each signature records the fingerprint of the text it was given to; it should "
            f"be {digest[:FINGERPRINT_CHARS]}, as printed at the foot of every page."
        ),
        builder.space(3),
    ]
    if not signed.signatures:
        opening.append(builder.para("This version has not been signed yet.", markup="b"))
        builder.add(builder.keep(opening))
        return
    blocks = [_signature_block(builder, signed.content, s, digest) for s in signed.signatures]
    # The heading never ends a page on its own: it goes with the first signature.
    builder.add(builder.keep([*opening, blocks[0]]))
    for block in blocks[1:]:
        builder.add(builder.keep([builder.space(3), block]))


def _signature_block(
    builder: DocumentBuilder, content: AgreementContent, signature: SignatureRecord, digest: str
) -> Table:
    s = builder.styles
    bound = signature.content_sha256[:FINGERPRINT_CHARS]
    details: list[Flowable] = [
        builder.para(signature.signer_name, s.body, markup="b"),
        builder.para(signature.signer_role, s.cell),
        builder.para(f"Signed {format_datetime(signature.signed_at)}", s.cell),
        builder.para(_method_text(signature.method), s.cell),
        builder.para(f"Text fingerprint {bound}", s.cell),
    ]
    if signature.content_sha256 != digest:
        details.append(
            builder.para(
                "This signature was given to a different version of the text, not to this one.",
                s.warning,
            )
        )
    mark_width = 68 * mm
    table = Table(
        [[_mark(builder, content, signature, mark_width - 8), details]],
        colWidths=[mark_width, FRAME_WIDTH - mark_width],
        hAlign="LEFT",
        splitInRow=1,  # a name taller than a page goes on over the page, not an error
    )
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (0, 0), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
            ("LEFTPADDING", (1, 0), (1, 0), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        )
    )
    return table


def _method_text(method: str) -> str:
    return {
        SignatureMethod.DRAWN.value: "Signed by hand on screen",
        SignatureMethod.TYPED.value: "Signed by typing their name",
        SignatureMethod.VERBAL.value: "Agreed verbally",
    }.get(method, label(SignatureMethod, method))


def _mark(
    builder: DocumentBuilder, content: AgreementContent, signature: SignatureRecord, width: float
) -> Flowable | list[Flowable]:
    s = builder.styles
    if signature.method == SignatureMethod.DRAWN.value and signature.strokes:
        builder.record("Drawn signature")
        return DrawnSignature(signature.strokes, width=width, height=width / 3)
    if signature.method == SignatureMethod.TYPED.value:
        face = FONT_ITALIC if covers(FONT_ITALIC, signature.signer_name) else FONT
        name = builder.para(signature.signer_name, _typed_style(builder, face))
        statement = signature.typed_statement or "I agree to this agreement."
        return [name, builder.para(f"“{statement}”", s.small)]
    if signature.method == SignatureMethod.VERBAL.value:
        attester = signature.attested_by or content.mediator_name or "the mediator"
        channel = {
            MeetingFormat.VIDEO.label: " on a video call",
            MeetingFormat.PHONE.label: " by telephone",
        }.get(label(MeetingFormat, content.meeting_format), "")
        return builder.para(f"Agreed verbally{channel} — attested by {attester}", s.body)
    if signature.method == SignatureMethod.DRAWN.value:
        return builder.para("Signed by hand on screen (the drawing cannot be shown)", s.body)
    return builder.para(label(SignatureMethod, signature.method) or "Signed", s.body)


def _typed_style(builder: DocumentBuilder, face: str) -> ParagraphStyle:
    return ParagraphStyle(
        "typed_signature",
        parent=builder.styles.body,
        fontName=face,
        fontSize=17,
        leading=22,
        textColor=ACCENT,
        spaceAfter=3,
    )


def _distribution(builder: DocumentBuilder, sections: _Sections, content: AgreementContent) -> None:
    heading = sections.heading("Who receives a copy")
    if content.distribution:
        builder.add(builder.keep([heading, builder.bullets(list(content.distribution))]))
    else:
        builder.add(heading, builder.para("Every party receives a copy of this agreement."))


def _annex(builder: DocumentBuilder, lines: Sequence[str]) -> None:
    builder.add(builder.page_break())
    builder.add(builder.heading("Annex: Easy-read summary"))
    builder.add(
        builder.para(
            "This page says what was agreed in short, plain words. If anything here seems "
            "different from the agreement, the agreement is what counts.",
        )
    )
    builder.add(builder.space(3))
    if lines:
        builder.add(builder.bullets(list(lines), builder.styles.easy_read))
    else:
        builder.add(builder.para("No actions were agreed.", builder.styles.easy_read))
