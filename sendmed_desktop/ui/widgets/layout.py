"""Small layout helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QProgressBar, QWidget


def centre_panel(page: QWidget, panel: QWidget, width: int) -> None:
    """Lay ``panel`` out in the middle of ``page`` at a fixed, readable width."""
    # A grid with stretch around the panel, rather than an alignment flag: aligned items
    # get their plain size hint, which squashes word-wrapped labels and line edits.
    panel.setFixedWidth(width)
    grid = QGridLayout(page)
    grid.addWidget(panel, 1, 1)
    grid.setRowStretch(0, 1)
    grid.setRowStretch(2, 2)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(2, 1)


def busy_bar(accessible_name: str) -> QProgressBar:
    """Return a hidden, indeterminate progress bar that says what is being waited for."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setAccessibleName(accessible_name)
    bar.setMaximumWidth(160)
    bar.hide()
    return bar
