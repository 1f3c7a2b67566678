"""Run the app in a process of its own and type notes into it, for the crash test to kill.

Run as ``python -m tests.support.notes_driver DATA_DIR CASE_ID [--seed N]`` with the
workspace passphrase in ``SENDMED_PASSPHRASE`` (and, in tests, the failing keyring backend
in ``PYTHON_KEYRING_BACKEND``). It opens the workspace as the app does, shows the app's
main window (offscreen unless ``QT_QPA_PLATFORM`` says otherwise), opens the case on its
case page, starts a note in the page's notes panel and types ``TEXT`` into its editor with
key events, in bursts with pauses, until it is killed.

It prints, one per line and flushed at once:

- ``note <id>`` when the note has been created;
- ``typed <n>`` after each chunk of keys, n being the characters typed so far;
- ``saved <n>`` after each autosave, n being the characters now stored.

A ``saved`` line is printed only after the save has committed, so whatever it reports
must survive the process being killed at any later moment.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

CHUNK = 10  # characters per burst of key events
KEY_INTERVAL_MS = 50  # between chunks while typing: about 200 characters a second
PAUSE_MS = (800, 1300)  # a pause longer than the debounce, so it saves
BURST_CHUNKS = (6, 60)  # 0.3 s to 3 s of typing: long bursts hit the maximum wait
# Words with numbers in them, so any prefix of the text is unambiguous.
TEXT = " ".join(f"w{index:05d}" for index in range(20_000))


def delays(seed: int) -> Iterator[int]:
    """Yield the wait before each chunk: bursts of quick keys, then a pause."""
    rng = random.Random(seed)
    while True:
        for _ in range(rng.randint(*BURST_CHUNKS)):
            yield KEY_INTERVAL_MS
        yield rng.randint(*PAUSE_MS)


def main(argv: Sequence[str] | None = None) -> int:
    """Open the workspace, show the panel, and type until killed (or the text runs out)."""
    parser = argparse.ArgumentParser(prog="notes_driver")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("case_id", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from sendmed_desktop.domain.vocabulary import Stage
    from sendmed_desktop.logging_setup import configure_logging
    from sendmed_desktop.paths import WorkspacePaths
    from sendmed_desktop.services.workspace import PASSPHRASE_ENV, open_workspace
    from sendmed_desktop.ui.main_window import MainWindow

    paths = WorkspacePaths(args.data_dir)
    configure_logging(paths.logs)
    workspace = open_workspace(paths, passphrase=os.environ[PASSPHRASE_ENV])
    app = QApplication(sys.argv[:1])
    window = MainWindow(paths, workspace=workspace)
    window.resize(1366, 768)
    window.show()
    if not window.open_case(args.case_id) or window.case_page is None:
        return 1
    panel = window.case_page.notes
    panel.set_stage(Stage.EXPLORATION)
    note = panel.new_note()
    if note is None:
        return 1
    editor = panel.editor

    def report(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    editor.autosaver.saved.connect(lambda _at: report(f"saved {len(editor.saved_text)}"))
    report(f"note {note.id}")

    waits = delays(args.seed)
    typed = 0
    timer = QTimer()
    timer.setSingleShot(True)

    def type_chunk() -> None:
        nonlocal typed
        if typed >= len(TEXT):
            panel.flush()
            app.exit(0)
            return
        chunk = TEXT[typed : typed + CHUNK]
        QTest.keyClicks(editor.text_edit, chunk)
        typed += len(chunk)
        report(f"typed {typed}")
        timer.start(next(waits))

    timer.timeout.connect(type_chunk)
    timer.start(0)
    code = app.exec()
    window.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
