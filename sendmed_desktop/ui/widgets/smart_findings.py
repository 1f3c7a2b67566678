"""The SMART check beside the action form: each finding in one sentence, marked ⚠.

Findings the mediator may set aside have an "Acknowledge" box; the rest say they must be
fixed. Marked in words and a symbol, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from sendmed_desktop.domain.smart import SmartFinding
from sendmed_desktop.services.agreement_views import ActionView
from sendmed_desktop.ui.formatting import format_date

WARNING_MARK = "⚠"
SMART_OK = "✓ No findings: this action is SMART."
MUST_FIX = "Must be fixed."
ACKNOWLEDGED = "Acknowledged: set aside on purpose."


def finding_sentence(finding: SmartFinding, acknowledged: bool = False) -> str:
    """Return how one finding reads in the panel."""
    if acknowledged:
        return f"✓ {finding.message} ({ACKNOWLEDGED})"
    if not finding.can_acknowledge:
        return f"{WARNING_MARK} {finding.message} {MUST_FIX}"
    return f"{WARNING_MARK} {finding.message}"


def action_cells(action: ActionView) -> tuple[str, str, str, str]:
    """Return the list's cells for one action."""
    who = ", ".join(p for p in (action.owner_name, action.owner_role) if p) or "⚠ No owner"
    due = format_date(action.due_on) if action.due_on else "⚠ No date"
    count = len(action.unresolved)
    if count:
        smart = f"⚠ {count} finding{'s' if count != 1 else ''}"
    elif action.findings:
        smart = "✓ Acknowledged"
    else:
        smart = "✓ SMART"
    return (who, action.action or "⚠ Not written yet", due, smart)


class SmartFindingsPanel(QGroupBox):
    """List an action's SMART findings; say which the mediator acknowledges."""

    # The finding keys now acknowledged (the whole set, not a change).
    acknowledgements_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("SMART check", parent)
        self.setObjectName("smartFindings")
        self._layout = QVBoxLayout(self)
        self._rows: list[QWidget] = []
        self._shown: tuple[object, ...] | None = None
        self._findings: tuple[SmartFinding, ...] = ()
        self.boxes: dict[str, QCheckBox] = {}
        self.summary = QLabel(SMART_OK)
        self.summary.setObjectName("smartSummary")
        self.summary.setWordWrap(True)
        self._layout.addWidget(self.summary)
        self._layout.addStretch(1)

    def show_findings(
        self,
        findings: Sequence[SmartFinding],
        acknowledged: frozenset[str],
        *,
        editable: bool = True,
    ) -> None:
        """Show ``findings``; ``acknowledged`` are the keys already set aside."""
        state = (tuple(findings), acknowledged, editable)
        if state == self._shown:
            return  # unchanged: keep the rows, and the focus on them
        self._shown = state
        self._findings = tuple(findings)
        focused = next((k for k, box in self.boxes.items() if box.hasFocus()), None)
        for row in self._rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows = []
        self.boxes = {}
        unresolved = [f for f in findings if not f.can_acknowledge or f.key not in acknowledged]
        if not findings:
            self.summary.setText(SMART_OK)
        elif not unresolved:
            self.summary.setText("✓ Every finding is acknowledged.")
        else:
            count = len(unresolved)
            self.summary.setText(
                f"{WARNING_MARK} {count} finding{'s' if count != 1 else ''} to fix or acknowledge"
                " before the review:"
            )
        for finding in findings:
            self._add_row(finding, finding.key in acknowledged, editable)
        if focused in self.boxes:
            self.boxes[focused].setFocus()

    def show_nothing(self, text: str) -> None:
        """Show ``text`` instead of findings (no action is chosen)."""
        self.show_findings([], frozenset(), editable=False)
        self._shown = None
        self.summary.setText(text)

    def _add_row(self, finding: SmartFinding, acknowledged: bool, editable: bool) -> None:
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        label = QLabel(finding_sentence(finding, acknowledged and finding.can_acknowledge))
        label.setObjectName(f"finding:{finding.key}")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        if finding.can_acknowledge:
            box = QCheckBox("Acknowledge")
            box.setObjectName(f"acknowledge:{finding.key}")
            box.setAccessibleName(f"Acknowledge: {finding.message}")
            box.setChecked(acknowledged)
            box.setEnabled(editable)
            box.toggled.connect(self._toggled)
            layout.addWidget(box)
            self.boxes[finding.key] = box
        # Above the stretch, in the order of the form's fields.
        self._layout.insertWidget(self._layout.count() - 1, row)
        self._rows.append(row)

    def _toggled(self) -> None:
        keys = [key for key, box in self.boxes.items() if box.isChecked()]
        self.acknowledgements_changed.emit(keys)

    def messages(self) -> list[str]:
        """Return the sentences shown, one a finding."""
        return [finding_sentence(f) for f in self._findings]

    def keys(self) -> list[str]:
        """Return the keys of the findings shown."""
        return [f.key for f in self._findings]
