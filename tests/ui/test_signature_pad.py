"""The signature pad: a drag becomes a stroke of points inside the pad, and Clear rubs it out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sendmed_desktop.ui.widgets.signature_pad import SignaturePad

pytestmark = pytest.mark.gui


def drag(pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    """Press at the first point, move through the rest, release at the last."""
    first, *rest = (QPoint(x, y) for x, y in points)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    for point in rest:
        QTest.mouseMove(pad, point, 5)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rest[-1])


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(400, 160)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_drag_becomes_a_stroke_inside_the_pad(pad: SignaturePad, qtbot: QtBot) -> None:
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        drag(pad, [(20, 100), (60, 80), (120, 110), (200, 70)])
    drag(pad, [(250, 90), (300, 95), (390, 60)])

    strokes = pad.strokes()
    assert len(strokes) == 2
    assert all(len(stroke) >= 2 for stroke in strokes)
    points = [point for stroke in strokes for point in stroke]
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y, _ in points)
    assert all(isinstance(ms, int) and ms >= 0 for _, _, ms in points)
    times = [ms for _, _, ms in points]
    assert times == sorted(times)  # counted from the first point, never backwards
    assert strokes[0][0][:2] == pytest.approx((20 / 400, 100 / 160), abs=0.01)
    assert not pad.is_empty()


def test_a_drag_off_the_pad_stays_on_its_edge(pad: SignaturePad) -> None:
    drag(pad, [(380, 20), (450, -30)])
    x, y, _ = pad.strokes()[0][-1]
    assert (x, y) == (1.0, 0.0)


def test_clear_empties_the_pad(pad: SignaturePad, qtbot: QtBot) -> None:
    drag(pad, [(20, 100), (80, 90)])
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty()
    assert pad.strokes() == ()


def test_it_tells_keyboard_users_to_type_instead(pad: SignaturePad) -> None:
    assert pad.accessibleName() == "Signature pad"
    assert "Type their name" in pad.accessibleDescription()
    pad.grab()  # paints the baseline and the hint without error
