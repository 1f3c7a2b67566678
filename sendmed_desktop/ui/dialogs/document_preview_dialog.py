"""Show a PDF before it is saved: pages, zoom, and a choice to export it or close.

The PDF holds case data, so it is read from memory (a QBuffer) and never written to a
temporary file for the viewer.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

try:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed Qt modules
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]

_ZOOM_STEP = 1.25
_ZOOM_MIN = 0.25
_ZOOM_MAX = 4.0
NO_PREVIEW = (
    "The preview cannot be shown on this computer. You can still export the document "
    "and open it in your PDF reader."
)


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


class DocumentPreviewDialog(QDialog):
    """Show PDF bytes with zoom buttons; ``exported`` is True if the user chose Export."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        *,
        export_label: str = "&Export…",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview — {title}")
        self.setModal(True)
        self.exported = False
        self._zoom = 1.0

        heading = QLabel(title)
        heading.setObjectName("previewTitle")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)

        self.page_label = QLabel()
        self.page_label.setObjectName("pageCount")
        self.zoom_label = QLabel()
        self.zoom_out_button = QPushButton("Zoom &out")
        self.zoom_in_button = QPushButton("Zoom &in")
        self.fit_button = QPushButton("&Fit to width")
        self.zoom_out_button.setToolTip("Make the pages smaller (Ctrl+-)")
        self.zoom_in_button.setToolTip("Make the pages larger (Ctrl++)")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),  # Ctrl++ without Shift on UK keyboards
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
        ):
            QShortcut(keys, self, slot)

        self.export_button = QPushButton(export_label)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._export)
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.reject)

        self.document = None
        self.view: QWidget
        # Both kept on the dialog: the document reads the buffer for as long as it shows.
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        if QPdfDocument is not None and QPdfView is not None:
            self.document = QPdfDocument(self)
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(self._buffer)
            view = QPdfView(self)
            view.setDocument(self.document)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setAccessibleName(f"Preview of {title}")
            view.setAccessibleDescription(
                "The pages as they will be saved. Zoom with Ctrl+Plus and Ctrl+Minus; "
                "scroll with the arrow keys and Page Up or Page Down."
            )
            view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.view = view
        else:
            message = QLabel(NO_PREVIEW)
            message.setWordWrap(True)
            message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.view = message

        tools = QHBoxLayout()
        tools.addWidget(self.page_label)
        tools.addStretch(1)
        tools.addWidget(self.zoom_label)
        tools.addWidget(self.zoom_out_button)
        tools.addWidget(self.zoom_in_button)
        tools.addWidget(self.fit_button)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(820, 900)
        self._show_state()
        self.export_button.setFocus()

    # Reading -------------------------------------------------------------------------------

    def page_count(self) -> int:
        """Return how many pages the preview shows (0 if it could not load)."""
        if self.document is None or self.document.status() != QPdfDocument.Status.Ready:
            return 0
        return self.document.pageCount()

    def _show_state(self) -> None:
        count = self.page_count()
        has_view = count > 0
        if self.document is not None and not has_view:
            message = QLabel(NO_PREVIEW)
            message.setWordWrap(True)
            message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout = self.layout()
            if isinstance(layout, QVBoxLayout):
                layout.replaceWidget(self.view, message)
            self.view.hide()
            self.view = message
        self.page_label.setText(_pages(count) if has_view else "No preview")
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(has_view)
        self.zoom_label.setText("Zoom: fit to width" if has_view else "")

    # Zoom ----------------------------------------------------------------------------------

    def _pdf_view(self) -> QPdfView | None:
        return self.view if QPdfView is not None and isinstance(self.view, QPdfView) else None

    def _set_zoom(self, factor: float) -> None:
        view = self._pdf_view()
        if view is None:
            return
        self._zoom = min(_ZOOM_MAX, max(_ZOOM_MIN, factor))
        view.setZoomMode(QPdfView.ZoomMode.Custom)
        view.setZoomFactor(self._zoom)
        self.zoom_label.setText(f"Zoom: {round(self._zoom * 100)}%")

    def zoom_in(self) -> None:
        """Make the pages larger."""
        self._set_zoom(self._current_zoom() * _ZOOM_STEP)

    def zoom_out(self) -> None:
        """Make the pages smaller."""
        self._set_zoom(self._current_zoom() / _ZOOM_STEP)

    def fit_width(self) -> None:
        """Fit the page width to the window again."""
        view = self._pdf_view()
        if view is None:
            return
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.zoom_label.setText("Zoom: fit to width")

    def zoom_factor(self) -> float:
        """Return the zoom the pages are shown at (1.0 is actual size)."""
        return self._current_zoom()

    def _current_zoom(self) -> float:
        view = self._pdf_view()
        if view is None:
            return self._zoom
        return view.zoomFactor()

    # Result --------------------------------------------------------------------------------

    def _export(self) -> None:
        self.exported = True
        self.accept()

    def done(self, result: int) -> None:
        """Close the document before the dialog goes, so nothing keeps the bytes open."""
        if self.document is not None:
            self.document.close()
        self._buffer.close()
        super().done(result)

    @classmethod
    def show_pdf(
        cls,
        parent: QWidget | None,
        pdf: bytes,
        title: str,
        *,
        export_label: str = "&Export…",
    ) -> bool:
        """Show ``pdf`` and return True if the user chose Export."""
        dialog = cls(pdf, title, export_label=export_label, parent=parent)
        try:
            dialog.exec()
            return dialog.exported
        finally:
            dialog.deleteLater()
