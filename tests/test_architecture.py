"""The core stays Qt-free: only sendmed_desktop.ui may import PySide6 or the ui package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sendmed_desktop

PACKAGE = Path(sendmed_desktop.__file__).parent
CORE_PACKAGES = ("domain", "storage", "security", "documents", "services")
FORBIDDEN = ("PySide6", "shiboken6", "sendmed_desktop.ui")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_modules_never_import_qt_or_ui() -> None:
    core_files = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]
    # __main__.py hands the command line the function that opens the window (see below).
    core_files = [p for p in core_files if p.name != "__main__.py"]
    assert len(core_files) > 20
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in core_files
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def test_only_the_entry_point_reaches_the_ui_and_only_when_opening_the_window() -> None:
    tree = ast.parse((PACKAGE / "__main__.py").read_text(encoding="utf-8"))
    top_level = [
        node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.module
    ]
    assert not any(name.startswith(FORBIDDEN) for name in top_level)
    assert any(name.startswith("sendmed_desktop.ui") for name in _imports(PACKAGE / "__main__.py"))
    assert not any(name.startswith(FORBIDDEN) for name in _imports(PACKAGE / "cli.py"))


def test_importing_the_core_loads_no_qt() -> None:
    names = sorted(
        ".".join(("sendmed_desktop", *path.relative_to(PACKAGE).with_suffix("").parts))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "ui" and "migrations" not in path.parts
    )
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'sendmed_desktop.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
