"""The mediation certificate as a PDF: one page the family and the Tribunal rely on.

The renderer is given only a ``CertificateFields`` (domain.md §4): names, dates, labels
and issue headings. It never sees the case, notes, the child's views or proposals, so
nothing said in mediation can reach the page.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from sendmed_desktop.documents.formatting import format_date, pdf_text
from sendmed_desktop.documents.pdf_base import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    FRAME_WIDTH,
    RULE,
    SHADE,
    WARNING,
    Cell,
    DocumentBuilder,
    DocumentInfo,
    DrawnSignature,
    RenderedDocument,
    covers,
    table_style,
)
from sendmed_desktop.domain.certificates import (
    CertificateFields,
    appeal_note,
    certificate_title,
    certifying_statement,
    resolution_sentence,
    statutory_basis,
)
from sendmed_desktop.domain.vocabulary import CertificateKind, Role

TITLE = "Mediation certificate"
CONFIDENTIALITY_LINE = (
    "Mediation discussions are confidential: nothing said in mediation is recorded on this "
    "certificate."
)
DRAFT_BANNER = (
    "Draft — not issued. This preview has not been signed or issued, and no appeal time "
    "runs from it."
)
_LABEL_WIDTH = 54 * mm
_PARTY_ROLES = {Role.PARENT_CARER: "parent or carer", Role.YOUNG_PERSON: "young person"}


def render_certificate(fields: CertificateFields) -> RenderedDocument:
    """Return the certificate's PDF (not yet sealed) and the text printed on it."""
    builder = DocumentBuilder()
    _front(builder, fields)
    builder.add(builder.space(3))
    builder.add(builder.para(certifying_statement(fields)))
    builder.add(builder.space(2))
    builder.add(_details(builder, _rows(builder, fields)))
    builder.add(builder.space(4))
    # The issuer signs what is above; the note to the family follows their signature.
    builder.add(builder.keep([_signature(builder, fields)]))
    builder.add(builder.space(4))
    builder.add(
        builder.keep(
            [
                _boxed(builder, fields),
                builder.space(2),
                builder.para(CONFIDENTIALITY_LINE, builder.styles.small),
            ]
        )
    )
    if fields.signed:
        footer = f"{TITLE} {fields.reference} · issued {format_date(fields.issued_on)}"
    else:
        footer = f"Draft {TITLE.lower()} · not issued"
    info = DocumentInfo(
        title=TITLE,
        author=fields.issuer_name.strip() or fields.issuing_organisation or "SendMed Desktop",
        subject=f"{certificate_title(fields.kind)} ({statutory_basis(fields.kind)})",
        footer=footer,
    )
    return builder.render(info)


def _front(builder: DocumentBuilder, fields: CertificateFields) -> None:
    s = builder.styles
    if fields.issuing_organisation:
        builder.add(builder.para(fields.issuing_organisation, s.letterhead))
    builder.add(builder.para(TITLE, s.title))
    builder.add(builder.para(fields.kind.label, _kind_style(builder)))
    builder.add(builder.para(f"Issued under the {statutory_basis(fields.kind)}.", s.small))
    if not fields.signed:
        builder.add(builder.space(2))
        builder.add(builder.para(DRAFT_BANNER, _banner_style(builder)))
    builder.add(builder.space(3))
    builder.add(_issue_box(builder, fields))


def _issue_box(builder: DocumentBuilder, fields: CertificateFields) -> Table:
    """Return the date of issue and the reference, large: the appeal clock starts here."""
    s = builder.styles
    big = ParagraphStyle("issue_big", parent=s.body, fontName=FONT_BOLD, fontSize=16, leading=20)
    reference = fields.reference or "Given when issued"
    # A draft shows what issuing today would give; it is not an issue date yet.
    when, which = ("", "") if fields.signed else (" if issued today", " if issued next")
    cells = [
        [
            builder.para(f"Date of issue{when}", s.label),
            builder.para(format_date(fields.issued_on), big),
        ],
        [builder.para(f"Certificate reference{which}", s.label), builder.para(reference, big)],
    ]
    half = FRAME_WIDTH / 2
    table = Table([cells], colWidths=[half, half], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
            ("LINEBEFORE", (1, 0), (1, 0), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
        )
    )
    return table


def _rows(builder: DocumentBuilder, fields: CertificateFields) -> list[tuple[str, Cell]]:
    s = builder.styles
    day = _date_or_blank
    # The kind and the issuing organisation head the page and the signature block.
    rows: list[tuple[str, Cell]] = [
        (
            "Parent or young person",
            builder.lines(
                f"{party.name} ({_PARTY_ROLES.get(party.role, party.role.label.lower())})"
                for party in fields.family_parties
            ),
        ),
    ]
    if fields.alternative_person:
        rows.append(
            (
                "Alternative person",
                builder.para(f"{fields.alternative_person}, acting for the young person"),
            )
        )
    rows += [
        ("Child or young person", builder.para(fields.child_name, markup="b")),
        ("Date of birth", builder.para(day(fields.child_date_of_birth))),
        ("Local authority", builder.para(fields.local_authority)),
    ]
    if fields.health_bodies:
        rows.append(("ICB (formerly CCG)", builder.lines(fields.health_bodies)))
    rows += [
        (
            "Decision notice",
            builder.para(
                f"Dated {day(fields.decision_notice_date)}; sent {day(fields.decision_sent_on)}"
            ),
        ),
        ("Decision under dispute", builder.para(fields.decision_ground)),
        ("Mediation issues", _issues(builder, fields)),
        ("Mediation adviser contacted", builder.para(day(fields.adviser_contacted_on))),
    ]
    if fields.kind is CertificateKind.AFTER_MEDIATION:
        held = day(fields.mediation_date)
        concluded = fields.mediation_concluded_on
        if concluded is not None and concluded != fields.mediation_date:
            held += f" (concluded {format_date(concluded)})"
        rows.append(("Date of mediation", builder.para(held)))
        outcome = resolution_sentence(fields.resolution) if fields.resolution else "Not stated"
        rows.append(("Outcome of mediation", builder.para(outcome, markup="b")))
    if fields.kind is CertificateKind.NOT_HELD:
        rows.append(
            (
                "Local authority said it could not be held in 30 days",
                builder.para(day(fields.la_could_not_arrange_on)),
            )
        )
    if fields.corrects_reference:
        first = fields.first_issued_on
        corrects = [
            f"This corrected certificate replaces certificate {fields.corrects_reference}"
            + (f", first issued on {format_date(first)}." if first else "."),
            f"Reason for the correction: {(fields.correction_reason or '').strip()}",
        ]
        rows.append(("Correction", builder.lines(corrects, s.body)))
    return rows


def _details(builder: DocumentBuilder, rows: list[tuple[str, Cell]]) -> Table:
    """Return the fields as a two-column table, tighter than the agreement's."""
    return builder.key_values(rows, _LABEL_WIDTH, padding=(2.5, 3.5))


def _issues(builder: DocumentBuilder, fields: CertificateFields) -> Flowable:
    if not fields.issue_headings:
        return builder.para("None recorded")
    if len(fields.issue_headings) == 1:
        return builder.para(fields.issue_headings[0])
    return builder.lines(
        f"{number}. {heading}" for number, heading in enumerate(fields.issue_headings, start=1)
    )


def _date_or_blank(value: date | None) -> str:
    return format_date(value) if value is not None else "Not recorded"


def _boxed(builder: DocumentBuilder, fields: CertificateFields) -> Table:
    """Return the note to the family on appealing, boxed, with the appeal date in bold."""
    s = builder.styles
    head = ParagraphStyle("box_head", parent=s.body, fontName=FONT_BOLD, textColor=ACCENT)
    note = appeal_note(fields)
    builder.record(note)
    marked = pdf_text(note)
    if fields.appeal_by is not None:
        day = format_date(fields.appeal_by)
        # Bold, and kept on one line: the one date the family must not misread.
        unbroken = pdf_text(day).replace(" ", "\u00a0")
        marked = marked.replace(f"by {pdf_text(day)}", f"by <b>{unbroken}</b>", 1)
    lines = [builder.para("If you wish to appeal", head), Paragraph(marked, s.body)]
    table = Table([[lines]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        )
    )
    return table


def _signature(builder: DocumentBuilder, fields: CertificateFields) -> Table:
    s = builder.styles
    mark_width = 68 * mm
    signed_on = f"Signed on {format_date(fields.issued_on)}" if fields.signed else "Not signed yet"
    details: list[Flowable] = [
        builder.para(fields.issuer_name, s.body, markup="b"),
        builder.para(fields.issuer_role, s.cell),
        builder.para(fields.issuing_organisation, s.cell),
        builder.para(signed_on, s.cell),
    ]
    table = Table(
        [[_mark(builder, fields, mark_width - 8), details]],
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


def _mark(builder: DocumentBuilder, fields: CertificateFields, width: float) -> Cell:
    s = builder.styles
    if any(fields.signature_strokes):
        builder.record("Drawn signature")
        drawing = DrawnSignature(fields.signature_strokes, width=width, height=width / 3)
        return [drawing, builder.para("Signed by hand on screen", s.small)]
    typed = " ".join((fields.typed_signature or "").split())
    if typed:
        face = FONT_ITALIC if covers(FONT_ITALIC, typed) else FONT
        style = ParagraphStyle(
            "typed_signature",
            parent=s.body,
            fontName=face,
            fontSize=17,
            leading=22,
            textColor=ACCENT,
            spaceAfter=3,
        )
        return [builder.para(typed, style), builder.para("Signed by typing their name", s.small)]
    return builder.para("Not signed yet", s.warning)


def _kind_style(builder: DocumentBuilder) -> ParagraphStyle:
    return ParagraphStyle(
        "certificate_kind",
        parent=builder.styles.body,
        fontName=FONT_BOLD,
        fontSize=15,
        leading=19,
        textColor=ACCENT,
        spaceAfter=4,
    )


def _banner_style(builder: DocumentBuilder) -> ParagraphStyle:
    return ParagraphStyle(
        "draft_banner",
        parent=builder.styles.body,
        fontName=FONT_BOLD,
        textColor=WARNING,
        borderColor=WARNING,
        borderWidth=1,
        borderPadding=5,
        spaceBefore=4,
        spaceAfter=4,
    )
