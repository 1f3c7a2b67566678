"""Under a stage's page: its checklist, what stops the meeting moving on, and "Next stage".

It shows the assessment it is given and says what the mediator ticked, acknowledged or
asked for; the case page asks the service and hands the new assessment (or its refusal)
back. Blockers are marked "⛔", warnings "⚠", so nothing depends on colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.stages import Finding, ItemStatus, StageAssessment
from sendmed_desktop.domain.vocabulary import Stage

BLOCKER_MARK = "⛔"
WARNING_MARK = "⚠"
FROM_RECORD = "(from the case record)"
ACKNOWLEDGE = "I acknowledge this"
ACKNOWLEDGED = "Acknowledged"
ALL_CLEAR = "✓ Nothing stops the meeting moving on."
NEXT_STAGE = "Next stage ▶"
ACKNOWLEDGE_FIRST = "Acknowledge first: "
_KEY = Qt.ItemDataRole.UserRole


def refusal_lines(reasons: list[str]) -> list[str]:
    """Mark the service's reasons: "⛔" for what blocks, "⚠" for warnings to read first."""
    lines = []
    for reason in reasons:
        if reason.startswith(ACKNOWLEDGE_FIRST):
            lines.append(f"{WARNING_MARK} {reason}")
        elif reason:
            lines.append(f"{BLOCKER_MARK} {reason}")
    return lines


def item_text(status: ItemStatus) -> str:
    """Return a checklist item's text, saying when the case record ticked it."""
    text = status.item.label
    if not status.item.required:
        text += " (optional)"
    if status.by_fact:
        text += f" {FROM_RECORD}"
    return text


def left_text(assessment: StageAssessment) -> str:
    """Return the one-line "What is left" summary of a stage."""
    parts = []
    required = [s for s in assessment.items if s.item.required]
    if assessment.remaining:
        parts.append(
            f"{len(assessment.remaining)} of {len(required)} checklist items to tick "
            "(these never stop you moving on)"
        )
    if assessment.blockers:
        count = len(assessment.blockers)
        parts.append(f"{BLOCKER_MARK} {count} {'thing' if count == 1 else 'things'} to resolve")
    if assessment.unacknowledged:
        count = len(assessment.unacknowledged)
        parts.append(f"{WARNING_MARK} {count} {'warning' if count == 1 else 'warnings'} to read")
    if not parts:
        return "What is left: nothing. The checklist is done and nothing stops you moving on."
    return "What is left: " + "; ".join(parts) + "."


def _scrolled(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumHeight(60)
    # The page scrolls with the keyboard through its checkboxes; the area itself need not.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class StageChecklist(QWidget):
    """Show one stage's checklist and findings; report ticks and acknowledgements."""

    # (checklist item key, ticked)
    tick_requested = Signal(str, bool)
    # warning key
    acknowledge_requested = Signal(str)
    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stage: Stage | None = None
        self._shown_findings: tuple[tuple[str, str, bool, bool], ...] | None = None
        self._keys: list[str] = []
        self.acknowledge_boxes: dict[str, QCheckBox] = {}
        self.finding_labels: list[QLabel] = []
        # Where the keyboard goes when the acknowledgement it was on is done.
        self.fallback_focus: QWidget | None = None

        self.items_group = QGroupBox("Checklist for this stage")
        # A list, not checkboxes: long items wrap, and Space ticks the one chosen.
        self.items = QListWidget()
        self.items.setObjectName("stageChecklist")
        self.items.setAccessibleName("Checklist for this stage")
        self.items.setAccessibleDescription(
            "Press Space to tick or untick an item. Items ticked from the case record "
            "cannot be changed here."
        )
        self.items.setWordWrap(True)
        self.items.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.items.setFrameShape(QFrame.Shape.NoFrame)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.itemChanged.connect(self._item_changed)
        group_layout = QVBoxLayout(self.items_group)
        group_layout.setContentsMargins(6, 4, 6, 4)
        group_layout.addWidget(self.items)

        self.findings_group = QGroupBox("Before moving on")
        self._findings_inner = QWidget()
        self._findings_layout = QVBoxLayout(self._findings_inner)
        self._findings_layout.setContentsMargins(2, 2, 2, 2)
        findings_layout = QVBoxLayout(self.findings_group)
        findings_layout.setContentsMargins(6, 4, 6, 4)
        findings_layout.addWidget(_scrolled(self._findings_inner))

        self.left_label = QLabel()
        self.left_label.setObjectName("whatIsLeft")
        self.left_label.setWordWrap(True)
        self.left_label.setAccessibleName("What is left")

        groups = QHBoxLayout()
        groups.addWidget(self.items_group, 3)
        groups.addWidget(self.findings_group, 2)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("problems")
        self.refusal_label.setAccessibleName("Why the meeting cannot move on")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_label.hide()
        self.next_button = QPushButton(NEXT_STAGE)
        self.next_button.setObjectName("nextStage")
        self.next_button.clicked.connect(self.next_requested)
        self.fallback_focus = self.next_button
        last_row = QHBoxLayout()
        last_row.addWidget(self.left_label, 1)
        last_row.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(groups, 1)
        layout.addWidget(self.refusal_label)
        layout.addLayout(last_row)

    # -- showing -----------------------------------------------------------------------------

    def show_assessment(self, assessment: StageAssessment) -> None:
        """Show ``assessment``, keeping the keyboard where it was when nothing moved."""
        if assessment.stage is not self._stage:
            self._stage = assessment.stage
            self._shown_findings = None
        self._show_items(assessment)
        self._show_findings(assessment)
        self.left_label.setText(left_text(assessment))
        if assessment.is_clear:
            self.clear_refusal()

    def _show_items(self, assessment: StageAssessment) -> None:
        keys = [status.item.key for status in assessment.items]
        self.items.blockSignals(True)
        if keys != self._keys:
            self.items.clear()
            for key in keys:
                item = QListWidgetItem()
                item.setData(_KEY, key)
                self.items.addItem(item)
            self._keys = keys
        for row, status in enumerate(assessment.items):
            item = self.items.item(row)
            item.setText(item_text(status))
            item.setCheckState(Qt.CheckState.Checked if status.done else Qt.CheckState.Unchecked)
            if status.by_fact:
                # Ticked by what the case record holds: change the record, not the tick.
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            else:
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
            done = "ticked" if status.done else "not ticked"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item_text(status)}, {done}")
        self.items.blockSignals(False)

    def _item_changed(self, item: QListWidgetItem) -> None:
        self.tick_requested.emit(str(item.data(_KEY)), item.checkState() == Qt.CheckState.Checked)

    def item_state(self, key: str) -> tuple[bool, bool, str]:
        """Return (ticked, can be changed, text) of a checklist item."""
        item = self.items.item(self._keys.index(key))
        ticked = item.checkState() == Qt.CheckState.Checked
        return ticked, bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable), item.text()

    def set_ticked(self, key: str, ticked: bool) -> None:
        """Tick or untick an item as the mediator would (Space on it)."""
        item = self.items.item(self._keys.index(key))
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _show_findings(self, assessment: StageAssessment) -> None:
        unread = {f.key for f in assessment.unacknowledged}
        signature = tuple(
            (f.key, f.message, f in assessment.blockers, f.key in unread)
            for f in (*assessment.blockers, *assessment.warnings)
        )
        if signature == self._shown_findings:
            return
        self._shown_findings = signature
        focused = next((key for key, box in self.acknowledge_boxes.items() if box.hasFocus()), None)
        while self._findings_layout.count():
            taken = self._findings_layout.takeAt(0)
            if taken is not None and taken.widget() is not None:
                taken.widget().hide()
                taken.widget().deleteLater()
        self.acknowledge_boxes = {}
        self.finding_labels = []
        for finding in assessment.blockers:
            self._add_label(f"{BLOCKER_MARK} {finding.message}", "blocker")
        for finding in assessment.warnings:
            self._add_warning(finding, acknowledged=finding.key not in unread)
        if not signature:
            self._add_label(ALL_CLEAR, "allClear")
        self._findings_layout.addStretch(1)
        if focused is not None:
            self._refocus()

    def _refocus(self) -> None:
        """Put the keyboard on the next warning still to read, else on the fallback."""
        unread = [box for box in self.acknowledge_boxes.values() if box.isEnabled()]
        if unread:
            unread[0].setFocus()
        elif self.fallback_focus is not None:
            self.fallback_focus.setFocus()

    def _add_label(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._findings_layout.addWidget(label)
        self.finding_labels.append(label)
        return label

    def _add_warning(self, finding: Finding, *, acknowledged: bool) -> None:
        self._add_label(f"{WARNING_MARK} {finding.message}", "warning")
        box = QCheckBox(ACKNOWLEDGED if acknowledged else ACKNOWLEDGE)
        box.setObjectName(f"acknowledge:{finding.key}")
        box.setAccessibleName(f"{ACKNOWLEDGE}: {finding.message}")
        box.setChecked(acknowledged)
        # An acknowledgement is on the record (and audited): it is not taken back here.
        box.setEnabled(not acknowledged)
        box.toggled.connect(
            lambda ticked, key=finding.key: self.acknowledge_requested.emit(key) if ticked else None
        )
        row = QHBoxLayout()
        row.setContentsMargins(18, 0, 0, 6)
        row.addWidget(box)
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        self._findings_layout.addWidget(holder)
        self.acknowledge_boxes[finding.key] = box

    def show_next(self, next_label: str | None) -> None:
        """Enable "Next stage" and say where it leads; None at the last stage."""
        self.next_button.setEnabled(next_label is not None)
        self.next_button.setToolTip(
            "This is the last stage."
            if next_label is None
            else f"Move on to {next_label} (Ctrl+PgDown)"
        )

    def show_refusal(self, heading: str, reasons: list[str]) -> None:
        """Say why the meeting cannot move, under the checklist, until it can."""
        self.refusal_label.setText("\n".join([heading, *refusal_lines(reasons)]))
        self.refusal_label.setAccessibleDescription(" ".join([heading, *reasons]))
        self.refusal_label.show()

    def clear_refusal(self) -> None:
        """Hide the refusal (the meeting moved, or nothing stops it now)."""
        self.refusal_label.hide()

    def refusal(self) -> str:
        """Return the refusal shown, or "" if none is."""
        return self.refusal_label.text() if not self.refusal_label.isHidden() else ""

    # -- reading back (tests, screen readers) -------------------------------------------------

    def findings_text(self) -> list[str]:
        """Return the findings as shown, each with its mark."""
        return [label.text() for label in self.finding_labels]
