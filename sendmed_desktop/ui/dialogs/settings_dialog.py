"""Preferences: the statutory clock (Christmas Eve, closure days, the 30-day rule) and security."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.timescales import MediationReading
from sendmed_desktop.services.preferences import ClockPreferences
from sendmed_desktop.services.security_preferences import SecurityPreferences
from sendmed_desktop.ui.dialogs.key_dates_dialog import DateField
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.widgets.problems import ProblemLabel

_NOT_TRIBUNAL = "The Tribunal's appeal deadline (R8) ignores your service's own closures."
NO_CLOSURES = "No extra closure dates."
NEVER = "Never"
DEFAULT_SECURITY = SecurityPreferences(idle_lock_minutes=5, keep_key_in_keyring=False)


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setWordWrap(True)
    return hint


class SettingsDialog(QDialog):
    """Collect the clock and security preferences; the caller saves them."""

    def __init__(
        self,
        current: ClockPreferences,
        parent: QWidget | None = None,
        *,
        security: SecurityPreferences = DEFAULT_SECURITY,
        keyring_available: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setModal(True)
        self._result: ClockPreferences | None = None
        self._security_result: SecurityPreferences | None = None
        self._keyring_available = keyring_available
        self._closures: list[date] = []

        self.christmas_eve_check = QCheckBox("Treat Christmas &Eve as a closed day")
        calendar_box = QGroupBox("Working days")
        calendar_layout = QVBoxLayout(calendar_box)
        calendar_layout.addWidget(self.christmas_eve_check)
        calendar_layout.addWidget(
            _hint(f"Working-day deadlines then skip 24 December. {_NOT_TRIBUNAL}")
        )

        self.closure_list = QListWidget()
        self.closure_list.setAccessibleName("Extra closure dates")
        self.closure_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.closure_list.setMinimumHeight(90)
        closures_label = QLabel(
            "E&xtra closure dates (days your service is closed, e.g. training):"
        )
        closures_label.setBuddy(self.closure_list)
        self.new_closure = DateField()
        self.new_closure.edit.setAccessibleName("Closure date to add")
        new_label = QLabel("&Date to add:")
        new_label.setBuddy(self.new_closure.edit)
        self.add_button = QPushButton("&Add")
        self.remove_button = QPushButton("&Remove")
        self.add_button.setAutoDefault(False)
        self.remove_button.setAutoDefault(False)
        self.closure_problems = ProblemLabel()
        add_row = QHBoxLayout()
        add_row.addWidget(new_label)
        add_row.addWidget(self.new_closure, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        closures_box = QGroupBox("Closure days")
        closures_layout = QVBoxLayout(closures_box)
        closures_layout.addWidget(closures_label)
        closures_layout.addWidget(self.closure_list)
        closures_layout.addLayout(add_row)
        closures_layout.addWidget(self.closure_problems)
        closures_layout.addWidget(
            _hint(f"Working-day deadlines skip these days too. {_NOT_TRIBUNAL}")
        )

        self.held_radio = QRadioButton("Mediation must be &held within 30 days (default)")
        self.arranged_radio = QRadioButton("Mediation must be arra&nged within 30 days")
        self._reading_group = QButtonGroup(self)
        self._reading_group.addButton(self.held_radio)
        self._reading_group.addButton(self.arranged_radio)
        reading_box = QGroupBox("The 30-day rule (R4)")
        reading_layout = QVBoxLayout(reading_box)
        reading_layout.addWidget(self.held_radio)
        reading_layout.addWidget(self.arranged_radio)
        reading_layout.addWidget(
            _hint(
                "Regulations 35–37 say mediation must take place within 30 days; some services "
                "read it as arranged (notice given) within 30 days. The timeline follows your "
                "choice."
            )
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Save preferences")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        clock_tab = QWidget()
        clock_layout = QVBoxLayout(clock_tab)
        clock_layout.addWidget(calendar_box)
        clock_layout.addWidget(closures_box, 1)
        clock_layout.addWidget(reading_box)
        self.tabs = QTabWidget()
        self.tabs.addTab(clock_tab, "Statutory &clock")
        self.tabs.addTab(self._security_tab(), "&Security")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        order = [
            self.tabs.tabBar(),
            self.christmas_eve_check,
            self.closure_list,
            self.new_closure.edit,
            self.add_button,
            self.remove_button,
            self.held_radio,
            self.arranged_radio,
            self.idle_spin,
            self.keyring_check,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.add_button.clicked.connect(self.add_closure)
        self.remove_button.clicked.connect(self.remove_closure)
        self.closure_list.itemSelectionChanged.connect(self._update_buttons)
        self.new_closure.edit.installEventFilter(self)
        self.closure_list.installEventFilter(self)
        self.setMinimumWidth(600)
        self.fill(current)
        self.fill_security(security)
        self.christmas_eve_check.setFocus()

    def _security_tab(self) -> QWidget:
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, 480)
        self.idle_spin.setSuffix(" minutes")
        # 0 shows as "Never": the value the idle lock reads as "do not lock".
        self.idle_spin.setSpecialValueText(NEVER)
        self.idle_spin.setAccessibleName("Lock after this many idle minutes")
        idle_label = QLabel("&Lock the workspace after this long without use:")
        idle_label.setBuddy(self.idle_spin)
        lock_box = QGroupBox("Locking")
        lock_layout = QVBoxLayout(lock_box)
        idle_row = QHBoxLayout()
        idle_row.addWidget(idle_label)
        idle_row.addWidget(self.idle_spin)
        idle_row.addStretch(1)
        lock_layout.addLayout(idle_row)
        lock_layout.addWidget(
            _hint(
                "Time the computer spends asleep counts. Locking saves what is typed, hides "
                "every case and forgets the key until you unlock again. Ctrl+L locks at once."
            )
        )
        self.keyring_check = QCheckBox("&Keep the workspace key in the system keyring")
        keyring_box = QGroupBox("Unlocking")
        keyring_layout = QVBoxLayout(keyring_box)
        keyring_layout.addWidget(self.keyring_check)
        if self._keyring_available:
            hint = (
                "With the key in the keyring, logging in to this computer opens the workspace "
                "after a restart. Without it, SendMed asks for your passphrase every time."
            )
        else:
            hint = (
                "No system keyring is available on this computer: SendMed asks for your passphrase."
            )
            self.keyring_check.setEnabled(False)
        keyring_layout.addWidget(_hint(hint))
        tab = QWidget()
        tab_layout = QVBoxLayout(tab)
        tab_layout.addWidget(lock_box)
        tab_layout.addWidget(keyring_box)
        tab_layout.addStretch(1)
        return tab

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        current: ClockPreferences,
        *,
        security: SecurityPreferences = DEFAULT_SECURITY,
        keyring_available: bool = False,
    ) -> tuple[tuple[ClockPreferences, SecurityPreferences] | None, bool]:
        """Run the dialog; return the chosen preferences and whether the user accepted."""
        dialog = cls(current, parent, security=security, keyring_available=keyring_available)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        clock, chosen_security = dialog.preferences(), dialog.security_preferences()
        result = (clock, chosen_security) if accepted and clock and chosen_security else None
        dialog.deleteLater()
        return result, accepted

    def fill_security(self, current: SecurityPreferences) -> None:
        """Show the security choices ``current`` in the controls."""
        self.idle_spin.setValue(current.idle_lock_minutes)
        self.keyring_check.setChecked(current.keep_key_in_keyring)

    def chosen_security(self) -> SecurityPreferences:
        """Return the security choices the controls hold now."""
        return SecurityPreferences(
            idle_lock_minutes=self.idle_spin.value(),
            keep_key_in_keyring=self.keyring_check.isChecked(),
        )

    def security_preferences(self) -> SecurityPreferences | None:
        """Return the accepted security choices, or None if the dialog was not accepted."""
        return self._security_result

    def fill(self, current: ClockPreferences) -> None:
        """Show ``current`` in the controls."""
        self.christmas_eve_check.setChecked(current.christmas_eve_closed)
        self._closures = sorted(set(current.extra_closures))
        self._show_closures()
        arranged = current.mediation_reading is MediationReading.ARRANGED
        self.arranged_radio.setChecked(arranged)
        self.held_radio.setChecked(not arranged)

    def chosen(self) -> ClockPreferences:
        """Return what the controls hold now."""
        reading = (
            MediationReading.ARRANGED if self.arranged_radio.isChecked() else MediationReading.HELD
        )
        return ClockPreferences(
            christmas_eve_closed=self.christmas_eve_check.isChecked(),
            extra_closures=tuple(self._closures),
            mediation_reading=reading,
        )

    def preferences(self) -> ClockPreferences | None:
        """Return the accepted preferences, or None if the dialog was not accepted."""
        return self._result

    def closures(self) -> list[date]:
        """Return the closure dates listed, in order."""
        return list(self._closures)

    def add_closure(self) -> bool:
        """Add the date typed to the list; say why not if it cannot be; return success."""
        edit = self.new_closure.edit
        try:
            day = edit.value()
        except ValueError:
            day, problem = None, "Type the closure date as dd/mm/yyyy, for example 29/12/2026."
        else:
            problem = "Type a closure date first, as dd/mm/yyyy." if day is None else ""
        if day is not None and day in self._closures:
            problem = f"{format_date(day)} is already in the list."
        if day is None or problem:
            self.closure_problems.show_problems([problem])
            edit.setFocus()
            return False
        self.closure_problems.clear_problems()
        self._closures = sorted({*self._closures, day})
        self._show_closures(select=day)
        edit.clear()
        edit.setFocus()
        return True

    def remove_closure(self) -> None:
        """Remove the selected date from the list."""
        item = self.closure_list.currentItem()
        if item is None or not self.closure_list.selectedItems():
            return
        row = self.closure_list.row(item)
        del self._closures[row]
        self._show_closures()
        if self._closures:
            self.closure_list.setCurrentRow(min(row, len(self._closures) - 1))
            self.closure_list.setFocus()
        else:
            self.new_closure.edit.setFocus()

    def accept(self) -> None:
        """Keep a date left typed in the "add" field, then close."""
        if self.new_closure.edit.text().strip():
            try:
                typed = self.new_closure.edit.value()
            except ValueError:
                typed = None
            if typed not in self._closures and not self.add_closure():
                return
        self._result = self.chosen()
        self._security_result = self.chosen_security()
        super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the "date to add" field adds the date rather than closing the dialog.
        if (
            watched is self.new_closure.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.new_closure.edit.text().strip()
        ):
            self.add_closure()
            return True
        # Delete in the list removes the selected date, as the Remove button does.
        if (
            watched is self.closure_list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_closure()
            return True
        return super().eventFilter(watched, event)

    def _show_closures(self, select: date | None = None) -> None:
        self.closure_list.clear()
        for day in self._closures:
            item = QListWidgetItem(format_date(day))
            item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
            self.closure_list.addItem(item)
            if day == select:
                self.closure_list.setCurrentItem(item)
        if not self._closures:
            placeholder = QListWidgetItem(NO_CLOSURES)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.closure_list.addItem(placeholder)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self._closures and self.closure_list.selectedItems()))
