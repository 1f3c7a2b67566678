"""What every SendMed PDF shares: embedded fonts, A4 pages, metadata, footer, styles.

reportlab has no PDF/A mode, so the next best is done by hand: every font is a TrueType
font embedded in the file (DejaVu, which also covers Polish, Turkish, Vietnamese and
Arabic names, with fallback fonts for every other script and emoji), the canvas starts
in that font so no unembedded Helvetica is ever referenced, the catalogue says the
language is British English, and the metadata names the document without naming the
child (file managers and search indexes show it).

Every character typed prints (``documents.fonts`` has the rule): a letter DejaVu lacks is
drawn by a fallback font, and a control character or one no font has prints as a visible
stand-in (``␀``, ``[U+E000]``), never as nothing. A footer too long for its line is
shortened in the middle with an ellipsis; everything in it also prints in full above.

``DocumentBuilder`` also keeps every string it puts on the page, so the confidentiality
tripwire checks exactly the text that was printed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from math import isnan
from typing import Any, TypeAlias

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sendmed_desktop.documents.fonts import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    covers,
    draw_string,
    fit_line,
    has_regular_letters,
    register_fonts,
    string_width,
)
from sendmed_desktop.documents.formatting import pdf_text
from sendmed_desktop.domain.agreement import Stroke

# Re-exported for the renderers: the fonts themselves live in documents.fonts.
__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "covers", "register_fonts"]

CREATOR = "SendMed Desktop"
LANGUAGE = "en-GB"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
_FOOTER_Y = 11 * mm
_FOOTER_SIZE = 8

INK = colors.HexColor("#1B1F24")
ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#59616B")
RULE = colors.HexColor("#AEB7C2")
SHADE = colors.HexColor("#E9EEF4")
WARNING = colors.HexColor("#8A1C1C")


# What a table cell holds: one flowable, or several stacked.
Cell: TypeAlias = Flowable | list[Flowable]


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every document uses."""

    letterhead: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    warning: ParagraphStyle
    easy_read: ParagraphStyle


@cache
def styles() -> Styles:
    """Return the shared styles (fonts registered first)."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=14, textColor=INK, alignment=TA_LEFT
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)
    return Styles(
        letterhead=ParagraphStyle(
            "letterhead", parent=body, fontName=FONT_BOLD, fontSize=9, textColor=MUTED
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=22,
            leading=27,
            textColor=ACCENT,
            spaceAfter=2,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=10),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5, textColor=MUTED),
        label=ParagraphStyle("label", parent=cell, fontName=FONT_BOLD, textColor=MUTED),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=FONT_BOLD, textColor=ACCENT),
        warning=ParagraphStyle("warning", parent=cell, fontName=FONT_BOLD, textColor=WARNING),
        # Easy read: large type, one idea a line, air between the lines.
        easy_read=ParagraphStyle("easy_read", parent=body, fontSize=13, leading=19, spaceAfter=7),
    )


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """Return a TableStyle whose cells use DejaVu.

    A Table sets its cell font on the canvas even when the cell holds a Paragraph, and
    its default is Helvetica: without this the PDF references an unembedded font.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's metadata and footer: no child's or family's name goes in any of it."""

    title: str
    author: str
    subject: str
    footer: str


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered PDF and the plain text of everything printed on it."""

    pdf: bytes
    text: str


class DocumentBuilder:
    """Collect flowables for one document, and the text each one prints."""

    def __init__(self) -> None:
        self.styles = styles()
        self.flowables: list[Flowable] = []
        self._text: list[str] = []

    @property
    def text(self) -> str:
        """Return every string printed so far, one per line."""
        return "\n".join(self._text)

    def record(self, *texts: str) -> None:
        """Note text printed by a flowable built outside the builder's helpers."""
        self._text.extend(text for text in texts if text)

    def para(
        self, text: str, style: ParagraphStyle | None = None, *, markup: str = ""
    ) -> Paragraph:
        """Return a Paragraph of plain ``text`` (escaped), optionally wrapped in markup.

        ``markup`` is ``"b"`` or ``"i"``; plain text is never parsed as markup, so a name
        with ``<`` or ``&`` in it prints as typed. A face without letters of the text that
        the regular face has (DejaVu Sans Oblique has no Arabic) gives way to the regular
        face; letters neither has come from the fallback fonts either way.
        """
        self.record(text)
        style = style or self.styles.body
        if markup:
            family, bold, italic = ps2tt(style.fontName)
            face = tt2ps(family, bold or markup == "b", italic or markup == "i")
            if has_regular_letters(face, text):
                return Paragraph(f"<{markup}>{pdf_text(text, face)}</{markup}>", style)
        return Paragraph(pdf_text(text, style.fontName), style)

    def lines(self, texts: Iterable[str], style: ParagraphStyle | None = None) -> Paragraph:
        """Return one Paragraph with each non-empty text on its own line."""
        kept = [text for text in texts if text]
        self.record(*kept)
        style = style or self.styles.body
        return Paragraph("<br/>".join(pdf_text(text, style.fontName) for text in kept), style)

    def add(self, *flowables: Flowable) -> None:
        """Append flowables to the document."""
        self.flowables.extend(flowables)

    def heading(self, text: str) -> Paragraph:
        """Return a section heading that stays with what follows it."""
        heading = self.para(text, self.styles.heading)
        heading.keepWithNext = True
        return heading

    def bullets(self, items: Sequence[str], style: ParagraphStyle | None = None) -> ListFlowable:
        """Return a bulleted list of plain texts."""
        style = style or self.styles.body
        return ListFlowable(
            [ListItem(self.para(item, style), leftIndent=14) for item in items],
            bulletType="bullet",
            start="\u2022",
            bulletFontName=FONT,
            bulletFontSize=style.fontSize,
            leftIndent=14,
        )

    def key_values(
        self,
        rows: Sequence[tuple[str, Cell]],
        label_width: float,
        *,
        padding: tuple[float, float] = (4, 5),
    ) -> Table:
        """Return a two-column table of labels and values (no grid, light rules).

        ``padding`` is the space above and below each row (a certificate sets it tighter).
        """
        data = [[self.para(label, self.styles.label), value] for label, value in rows]
        # splitInRow: a value taller than a page continues on the next (as in ``grid``).
        table = Table(
            data, colWidths=[label_width, FRAME_WIDTH - label_width], hAlign="LEFT", splitInRow=1
        )
        table.setStyle(
            table_style(
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), padding[0]),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding[1]),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            )
        )
        return table

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float]
    ) -> Table:
        """Return a ruled table with a shaded header row repeated on each page."""
        head = [self.para(text, self.styles.cell_head) for text in header]
        # splitInRow: a row taller than a page (a very long action) continues on the next
        # page instead of stopping the whole document with a LayoutError.
        table = Table(
            [head, *rows], colWidths=list(widths), repeatRows=1, hAlign="LEFT", splitInRow=1
        )
        table.setStyle(
            table_style(
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            )
        )
        return table

    @staticmethod
    def space(height_mm: float) -> Spacer:
        """Return vertical space."""
        return Spacer(1, height_mm * mm)

    @staticmethod
    def keep(flowables: list[Flowable]) -> KeepTogether:
        """Return flowables kept on one page if they fit."""
        return KeepTogether(flowables)

    @staticmethod
    def page_break() -> PageBreak:
        """Return a page break."""
        return PageBreak()

    def render(self, info: DocumentInfo) -> RenderedDocument:
        """Lay the document out on A4 and return the PDF with its printed text."""
        self.record(footer_line(info.footer))
        return RenderedDocument(pdf=build_pdf(self.flowables, info), text=self.text)


def build_pdf(flowables: list[Flowable], info: DocumentInfo) -> bytes:
    """Return the PDF of ``flowables`` on A4, with metadata, language and footer."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator=CREATOR,
        lang=LANGUAGE,
        # Without this the canvas selects Helvetica at the start of every page, and the
        # PDF references a standard font that is not embedded.
        initialFontName=FONT,
    )
    document.build(flowables, canvasmaker=_footed_canvas(info.footer))
    return buffer.getvalue()


def footer_line(footer: str) -> str:
    """Return ``footer`` as the foot of each page prints it: shortened in the middle to fit.

    The page number takes the right-hand end of the line.
    """
    room = FRAME_WIDTH - string_width("Page 999 of 999", FONT, _FOOTER_SIZE) - 6 * mm
    return fit_line(footer, FONT, _FOOTER_SIZE, room)


def _footed_canvas(footer: str) -> type[Canvas]:
    """Return a canvas class that writes ``footer`` and "Page n of N" on every page.

    The total is known only at the end, so each page's drawing state is kept and the
    pages are written out in ``save``.
    """
    line = footer_line(footer)

    class FootedCanvas(Canvas):  # type: ignore[misc] # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                self._draw_footer(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, _FOOTER_Y + 4 * mm, PAGE_WIDTH - MARGIN, _FOOTER_Y + 4 * mm)
            self.setFont(FONT, _FOOTER_SIZE)
            self.setFillColor(MUTED)
            draw_string(self, (MARGIN, _FOOTER_Y), line, FONT, _FOOTER_SIZE)
            self.drawRightString(
                PAGE_WIDTH - MARGIN, _FOOTER_Y, f"Page {self.getPageNumber()} of {total}"
            )
            self.restoreState()

    return FootedCanvas


class DrawnSignature(Flowable):  # type: ignore[misc] # reportlab is untyped
    """A signature drawn on the signing pad, redrawn as vector lines."""

    def __init__(self, strokes: Sequence[Stroke], *, width: float, height: float) -> None:
        super().__init__()
        self.strokes = strokes
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(0, self.height * 0.18, self.width, self.height * 0.18)  # signing line
        canvas.setStrokeColor(ACCENT)
        canvas.setFillColor(ACCENT)
        canvas.setLineWidth(1.1)
        canvas.setLineCap(1)  # round
        canvas.setLineJoin(1)
        for stroke in self.strokes:
            # The pad's y runs downwards from the top; the PDF's runs upwards. A point that
            # is not a number (NaN) cannot be drawn and is left out.
            points = [(self._x(x), self._y(y)) for x, y, _t in stroke if not (isnan(x) or isnan(y))]
            if not points:
                continue
            if len(points) == 1:
                canvas.circle(*points[0], 0.7, stroke=0, fill=1)
                continue
            path = canvas.beginPath()
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    def _x(self, value: float) -> float:
        return min(max(value, 0.0), 1.0) * self.width

    def _y(self, value: float) -> float:
        return (1.0 - min(max(value, 0.0), 1.0)) * self.height
