"""A pad to sign on with a mouse, touchpad, finger or pen; it keeps the strokes as points.

Points are stored relative to the pad (x and y from 0 to 1) with the time in milliseconds
since the first point, so a signature looks the same whatever the screen's size or scale.
Touch screens reach the pad as mouse events (Qt synthesises them for unhandled touches);
pens arrive as tablet events, which carry finer positions, and are handled directly.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from sendmed_desktop.domain.agreement import Point, Stroke

PAD_NAME = "Signature pad"
PAD_DESCRIPTION = (
    "Draw a signature here with a mouse, touchpad, finger or pen. "
    "If you use a keyboard or a screen reader, choose “Type their name” instead."
)
HINT = "Sign here"
# Far beyond any real signature: keeps one runaway drag from storing megabytes.
_MAX_POINTS = 20_000
_BASELINE = 0.72  # the line to sign on, as a fraction of the pad's height


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


class SignaturePad(QWidget):
    """Capture a drawn signature as strokes of (x, y, milliseconds) points."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[Point]] = []
        self._drawing = False
        self._clock = QElapsedTimer()
        self.setObjectName("signaturePad")
        self.setAccessibleName(PAD_NAME)
        self.setAccessibleDescription(PAD_DESCRIPTION)
        self.setToolTip(PAD_DESCRIPTION)
        # Reachable with Tab, so a screen reader announces the description above.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(360, 150)

    def sizeHint(self) -> QSize:
        return QSize(560, 180)

    # The strokes ---------------------------------------------------------------------------

    def strokes(self) -> tuple[Stroke, ...]:
        """Return what has been drawn, one tuple of points per stroke."""
        return tuple(tuple(stroke) for stroke in self._strokes if stroke)

    def is_empty(self) -> bool:
        """Return whether nothing has been drawn."""
        return not any(self._strokes)

    def clear(self) -> None:
        """Rub out the signature."""
        had_any = not self.is_empty()
        self._strokes.clear()
        self._drawing = False
        self._clock.invalidate()
        self.update()
        if had_any:
            self.changed.emit()

    def _point(self, position: QPointF) -> Point:
        if not self._clock.isValid():
            self._clock.start()
        width, height = max(1, self.width()), max(1, self.height())
        return (
            round(_clamp(position.x() / width), 4),
            round(_clamp(position.y() / height), 4),
            int(self._clock.elapsed()),
        )

    def _total_points(self) -> int:
        return sum(len(stroke) for stroke in self._strokes)

    def _begin(self, position: QPointF) -> None:
        if self._total_points() >= _MAX_POINTS:
            return
        self._drawing = True
        self._strokes.append([self._point(position)])
        self.update()
        self.changed.emit()

    def _extend(self, position: QPointF) -> None:
        if not self._drawing or self._total_points() >= _MAX_POINTS:
            return
        point = self._point(position)
        stroke = self._strokes[-1]
        if stroke and stroke[-1][:2] == point[:2]:
            return  # the pointer did not move far enough to matter
        stroke.append(point)
        self.update()
        self.changed.emit()

    def _end(self, position: QPointF) -> None:
        if self._drawing:
            self._extend(position)
        self._drawing = False

    # Input ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._extend(event.position())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepting a pen's events stops Qt sending the same movement again as mouse events.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position())
        else:
            event.ignore()
            return
        event.accept()

    # Drawing -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(frame, QColor("white"))
        focus = self.hasFocus()
        painter.setPen(
            QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            if focus
            else QPen(QColor("#767676"), 1)
        )
        painter.drawRect(frame)

        # The line to sign on, and a cross and words marking it (not colour alone).
        baseline = self.height() * _BASELINE
        margin = 24.0
        painter.setPen(QPen(QColor("#595959"), 1.2))
        painter.drawLine(QPointF(margin, baseline), QPointF(self.width() - margin, baseline))
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        painter.setFont(font)
        painter.drawText(QPointF(margin, baseline - 8), "✗")
        if self.is_empty():
            painter.drawText(
                QRectF(margin, baseline + 4, self.width() - 2 * margin, 24),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                f"{HINT} — draw above the line",
            )

        ink = QPen(QColor("#0b1f4b"), 2.6)
        ink.setCapStyle(Qt.PenCapStyle.RoundCap)
        ink.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(ink)
        width, height = self.width(), self.height()
        for stroke in self._strokes:
            if len(stroke) == 1:
                x, y, _ = stroke[0]
                painter.drawPoint(QPointF(x * width, y * height))
                continue
            path = QPainterPath(QPointF(stroke[0][0] * width, stroke[0][1] * height))
            for x, y, _ in stroke[1:]:
                path.lineTo(QPointF(x * width, y * height))
            painter.drawPath(path)
        painter.end()
