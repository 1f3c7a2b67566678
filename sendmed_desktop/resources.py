"""The app's bundled files (fonts, icons, stylesheet), resolved in one place."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """Return the ``resources`` folder, in a source checkout or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bundles
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[1]
    return root / "resources"


def resource_path(name: str) -> Path:
    """Return the path of ``name`` (e.g. ``fonts/DejaVuSans.ttf``) in ``resources``."""
    return resources_root() / name
