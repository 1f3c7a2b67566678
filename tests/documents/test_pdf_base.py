"""Bundled fonts, found through the one resources function, in the source tree or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sendmed_desktop.documents.pdf_base import FONT, FONT_BOLD, FONT_ITALIC, covers
from sendmed_desktop.resources import resource_path, resources_root


def test_fonts_and_their_licence_are_bundled() -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        assert resource_path(f"fonts/{name}").stat().st_size > 100_000
    licence = resource_path("fonts/LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence
    assert resource_path("style.qss").is_file()


def test_a_pyinstaller_bundle_is_looked_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_root() == tmp_path / "resources"
    assert resource_path("fonts/DejaVuSans.ttf") == tmp_path / "resources/fonts/DejaVuSans.ttf"


def test_which_faces_carry_which_letters() -> None:
    assert covers(FONT, "Zoë Łukasz يوسف")
    assert covers(FONT_BOLD, "Zoë Łukasz يوسف")
    assert covers(FONT_ITALIC, "Zoë Łukasz")
    assert not covers(FONT_ITALIC, "يوسف")  # so typed Arabic names use the upright face
