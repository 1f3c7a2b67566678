"""Set up a development environment and run the app or the whole test suite.

    python3 packaging/dev.py demo    create .venv, install, open the app on demo data
    python3 packaging/dev.py test    create .venv, install, run ruff, mypy and pytest

Only the standard library is used here, so it runs on a fresh machine's Python 3.11+.
The environment is reinstalled whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".sendmed-installed"
# Shared libraries PySide6 needs that a bare Debian or Ubuntu lacks, with their packages.
QT_SYSTEM_LIBRARIES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}
# What Qt's X11 (xcb) plugin needs to open a real window; without them Qt aborts with a
# misleading "xcb-cursor0 is needed" line. Only checked when a window is to be shown.
QT_WINDOW_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def fail(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr)
    raise SystemExit(1)


def check_python() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before the 3.11 check
        fail(f"SendMed Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")


def missing_system_libraries(*, window: bool = False) -> list[str]:
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return []
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    wanted = dict(QT_SYSTEM_LIBRARIES)
    if window:
        wanted.update(QT_WINDOW_LIBRARIES)
    return [pkg for lib, pkg in wanted.items() if lib not in known]


def shows_an_x11_window() -> bool:
    """Return whether the demo will open a window through Qt's X11 plugin."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return bool(os.environ.get("DISPLAY")) and platform in ("", "xcb")


def ensure_environment() -> None:
    check_python()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("dev.py: creating .venv", flush=True)
        try:
            venv.create(VENV, with_pip=True, clear=True)
        except (subprocess.CalledProcessError, OSError) as error:
            fail(
                f"could not create a virtual environment ({error}). On Debian or Ubuntu "
                "install it with: sudo apt install python3-venv"
            )
    print("dev.py: installing SendMed Desktop and its test tools into .venv", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run(*command: str) -> None:
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode:
        raise SystemExit(result.returncode)


def main(argv: list[str]) -> None:
    if len(argv) != 1 or argv[0] not in {"demo", "test"}:
        print(__doc__)
        raise SystemExit(2)
    missing = missing_system_libraries(window=argv[0] == "demo" and shows_an_x11_window())
    if missing:
        fail(
            "Qt needs system libraries that are missing. Install them with:\n"
            f"    sudo apt install {' '.join(missing)}"
        )
    ensure_environment()
    if argv[0] == "demo":
        run(str(BIN / "sendmed"), "--demo")
        return
    run(str(BIN / "ruff"), "check", ".")
    run(str(BIN / "ruff"), "format", "--check", ".")
    run(str(BIN / "mypy"))
    run(str(PYTHON), "-m", "pytest")


if __name__ == "__main__":
    main(sys.argv[1:])
