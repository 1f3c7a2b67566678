"""The set-up every read-only list table in a dialog shares (registers, audit, retention)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def set_up_read_only_table(table: QTableView, name: str, *, several: bool = False) -> None:
    """Name ``table`` for screen readers; select whole rows; columns fit, the last stretches.

    Tab leaves the table for the controls after it (the arrows move within it), so the
    keyboard path through a dialog never gets stuck in a list.
    """
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if several
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
