"""packaging/dev.py: which system libraries it asks for before the demo opens a window."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

DEV = Path(__file__).resolve().parents[1] / "packaging" / "dev.py"


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sendmed_dev_script", DEV)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("display", "platform", "window"),
    [(":0", "", True), (":0", "xcb", True), (":0", "offscreen", False), ("", "", False)],
)
def test_x11_libraries_are_checked_only_for_a_real_window(
    monkeypatch: pytest.MonkeyPatch, display: str, platform: str, window: bool
) -> None:
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    assert _dev().shows_an_x11_window() is window


def test_window_libraries_name_their_debian_packages() -> None:
    dev = _dev()
    assert dev.QT_WINDOW_LIBRARIES["libxcb-cursor.so.0"] == "libxcb-cursor0"
    # Every library the demo needs for a window is asked for only in addition to Qt's own.
    assert not set(dev.QT_WINDOW_LIBRARIES) & set(dev.QT_SYSTEM_LIBRARIES)
