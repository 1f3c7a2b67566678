"""Save screenshots of the main screens, drawn offscreen from a throwaway workspace.

Run as ``.venv/bin/python packaging/screenshots.py OUTDIR``. Every case is fictional; the
workspace lives in a temporary folder and is deleted afterwards. The system keyring is never
written to.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

# Before any Qt import: draw without a screen, at a fixed size, whatever the machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from sendmed_desktop import APP_NAME
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import Role, Stage
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.keys import KdfParameters
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.key_dates import KeyDatesService
from sendmed_desktop.services.preferences import ClockPreferences
from sendmed_desktop.services.workspace import create_workspace
from sendmed_desktop.ui import app as gui_app
from sendmed_desktop.ui.dialogs.key_dates_dialog import KeyDatesDialog
from sendmed_desktop.ui.dialogs.new_case_dialog import NewCaseDialog
from sendmed_desktop.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from sendmed_desktop.ui.dialogs.settings_dialog import SettingsDialog
from sendmed_desktop.ui.main_window import MainWindow

SCREEN = (1366, 768)
# Run with QT_SCALE_FACTOR=1.5 to see a 1366×768 laptop at 150 %: 911×512 logical pixels.
SCALE = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
WINDOW = (round(SCREEN[0] / SCALE), round(SCREEN[1] / SCALE))
PASSPHRASE = "screenshot passphrase, fictional"
# Cheapest Argon2 settings: this workspace is deleted within seconds.
KDF = KdfParameters(time_cost=1, memory_cost=8, parallelism=1)

CASES = (
    NewCase(
        "SM-2026-0001",
        "Amira Hussain",
        "Leeds City Council",
        "Farah Hussain",
        subject_date_of_birth=date(2014, 3, 2),
    ),
    NewCase(
        "SM-2026-0002",
        "Callum Price",
        "Kirklees Council",
        "Callum Price",
        party_role=Role.YOUNG_PERSON,
        subject_date_of_birth=date(2008, 9, 14),
    ),
    NewCase(
        "SM-2026-0003",
        "Zofia Nowak",
        "City of Bradford Metropolitan District Council",
        "Piotr Nowak",
        health_only=True,
    ),
    NewCase("SM-2026-0004", "Ellie Marsh", "Wakefield Council", "Dan Marsh"),
    NewCase("SM-2026-0005", "Tyrone Bennett", "Calderdale Council", "Marcia Bennett"),
    NewCase("SM-2026-0006", "Isla McKenzie", "North Yorkshire Council", "Rachel McKenzie"),
    NewCase("SM-2026-0007", "Dev Patel", "Leeds City Council", "Anjali Patel"),
    NewCase("SM-2026-0008", "Grace O'Connor", "York City Council", "Siobhan O'Connor"),
    NewCase(
        "SM-2026-0009",
        "Mason Clarke",
        "Barnsley Council",
        "Mason Clarke",
        party_role=Role.YOUNG_PERSON,
    ),
    NewCase("SM-2026-0010", "Ruby Thompson", "Doncaster Council", "Karen Thompson"),
)


def settle() -> None:
    """Let Qt lay out and paint everything that is pending."""
    for _ in range(5):
        QCoreApplication.processEvents()


def save(widget: QWidget, outdir: Path, name: str) -> None:
    """Grab ``widget`` into ``outdir/name``."""
    settle()
    path = outdir / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def save_case_pages(window: MainWindow, outdir: Path) -> None:
    """Save the case page at Preparation (DEMO-0002) and at Exploration, taking notes."""
    assert window.cases is not None
    window.open_case(window.cases.page("DEMO-0002")[0].id)
    page = window.case_page
    assert page is not None
    page.checklist.items.setFocus()
    page.checklist.items.setCurrentRow(3)
    save(window, outdir, "case-preparation.png")
    window.close_case()

    window.open_case(window.cases.page("DEMO-0003")[0].id)
    page = window.case_page
    assert page is not None
    page.notes.editor.text_edit.setFocus()
    page.notes.editor.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    save(window, outdir, "case-exploration.png")
    # Nothing blocks at Exploration, so moving on is shown refused at a stage that does.
    page.go_to(Stage.CLOSE)
    save(window, outdir, "case-refused.png")
    window.close_case()

    # The closed demo case: its certificate after the meeting, its signed agreement.
    window.open_case(window.cases.page("DEMO-0001")[0].id)
    page = window.case_page
    assert page is not None
    save(window, outdir, "case-certificates.png")
    page.go_to(Stage.AGREEMENT)
    save(window, outdir, "case-agreement.png")
    window.close_case()


def save_trust_screens(window: MainWindow, outdir: Path, stick: Path) -> None:
    """Backups, due for deletion, subject access, the audit trail and the lock curtain."""
    from sendmed_desktop.services.backup_schedule import back_up_to_folder
    from sendmed_desktop.services.retention import RetentionService
    from sendmed_desktop.settings import BACKUP_FOLDER
    from sendmed_desktop.storage.models import Case
    from sendmed_desktop.ui.dialogs.audit_dialog import AuditTrailDialog
    from sendmed_desktop.ui.dialogs.backups_dialog import BackupsDialog
    from sendmed_desktop.ui.dialogs.retention_dialog import RetentionDialog
    from sendmed_desktop.ui.dialogs.subject_access_dialog import SubjectAccessDialog

    workspace = window.workspace
    assert workspace is not None
    assert window.cases is not None
    stick.mkdir()
    workspace.settings.set(BACKUP_FOLDER, str(stick))
    back_up_to_folder(workspace)
    backups = BackupsDialog(window)
    backups.show()
    save(backups, outdir, "backups.png")
    backups.reject()

    # DEMO-0001 closed seven years ago: every kind of record is past its period.
    case_id = window.cases.page("DEMO-0001")[0].id
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.closed_at = datetime(2019, 7, 19, 15, 0, tzinfo=UTC)
    retention = RetentionDialog(RetentionService(workspace), window.tasks, window)
    retention.resize(1000, 560)
    retention.show()
    save(retention, outdir, "due-for-deletion.png")
    retention.reject()

    access = SubjectAccessDialog(workspace, window.tasks, window)
    access.show()
    access.search.setText("Whitfield")
    access.table.selectRow(0)
    save(access, outdir, "subject-access.png")
    access.reject()

    audit = AuditTrailDialog(workspace, window.tasks, window)
    audit.show()
    audit.check()
    window.tasks.wait_idle()
    save(audit, outdir, "audit-trail.png")
    audit.reject()


def save_lock_curtain(window: MainWindow, outdir: Path) -> None:
    """A lock due while a dialog is open: every window covered, the typing kept."""
    from sendmed_desktop.ui.lock_curtain import LockCurtains

    assert window.workspace is not None
    assert window.cases is not None
    case_id = window.cases.page("DEMO-0002")[0].id
    dates = KeyDatesService(window.workspace).load(case_id)
    dialog = KeyDatesDialog(dates, "DEMO-0002", window)
    dialog.open()  # modal, without blocking this script
    settle()
    curtains = LockCurtains(lambda _secret: False, None, window)
    asking = curtains.cover()
    assert asking is not None, "the dialog in front was not found"
    asking.refuse("That passphrase or recovery key does not open this workspace.")
    save(dialog, outdir, "lock-over-dialog.png")
    curtains.lift()
    dialog.reject()


def main(argv: list[str]) -> int:
    """Build the demo workspace and save each screenshot."""
    if len(argv) != 2:
        print("usage: screenshots.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication.instance() or QApplication([APP_NAME])
    qt_app.setApplicationName(APP_NAME)
    gui_app._load_stylesheet(qt_app)

    with tempfile.TemporaryDirectory(prefix="sendmed-shots-") as tmp:
        empty = WorkspacePaths(Path(tmp) / "new")
        first_run = MainWindow(empty, kdf=KDF)
        first_run.resize(*WINDOW)
        first_run.show()
        save(first_run, outdir, "create-workspace.png")
        first_run.close()

        paths = WorkspacePaths(Path(tmp) / "workspace")
        workspace, recovery_key = create_workspace(
            paths, PASSPHRASE, remember_in_keyring=False, kdf=KDF
        )
        service = CaseService(workspace)
        for case in CASES:
            service.create(case)
        # The demo cases carry real-looking dates, so the timeline has something to show.
        seed_demo(workspace)
        workspace.close()

        window = MainWindow(paths, kdf=KDF)
        window.resize(*WINDOW)
        window.show()
        window.tasks.wait_idle()
        unlock = window.unlock_page
        assert unlock is not None
        save(window, outdir, "unlock.png")
        unlock.passphrase_edit.setText("not the passphrase")
        unlock.submit()
        window.tasks.wait_idle()
        save(window, outdir, "unlock-wrong-passphrase.png")
        unlock.passphrase_edit.setText(PASSPHRASE)
        unlock.submit()
        window.tasks.wait_idle()

        window.tasks.wait_idle()
        page = window.case_list_page
        assert page is not None
        assert window.cases is not None
        # A case with no dates yet: the timeline says how to start the clock.
        page.select_case(window.cases.page("SM-2026-0003")[0].id)
        page.table.setFocus()
        save(window, outdir, "case-list.png")

        demo_id = window.cases.page("DEMO-0002")[0].id
        page.select_case(demo_id)
        timeline = page.detail.timeline
        timeline.table.selectRow(min(2, timeline.model.rowCount() - 1))
        timeline.table.setFocus()
        save(window, outdir, "timeline.png")
        assert window.due_soon_dock is not None
        save(window.due_soon_dock, outdir, "due-soon.png")

        save_case_pages(window, outdir)

        assert window.workspace is not None
        dates = KeyDatesService(window.workspace).load(demo_id)
        key_dates = KeyDatesDialog(dates, "DEMO-0002", window)
        key_dates.show()
        save(key_dates, outdir, "key-dates.png")
        key_dates.fields["meeting_concluded_on"].edit.setText("31/02/2026")
        key_dates.fields["decision_notice_date"].edit.setText("01/01/2030")
        key_dates.accept()
        save(key_dates, outdir, "key-dates-problems.png")
        key_dates.reject()

        settings = SettingsDialog(
            ClockPreferences(
                christmas_eve_closed=True,
                extra_closures=(date(2026, 12, 29), date(2026, 8, 3)),
            ),
            window,
        )
        settings.show()
        settings.new_closure.edit.setText("30/12/2026")
        save(settings, outdir, "settings.png")
        settings.reject()

        assert window.cases is not None
        dialog = NewCaseDialog(window.cases.suggest_reference(), window)
        dialog.show()
        save(dialog, outdir, "new-case.png")
        dialog.young_person_radio.setChecked(True)
        dialog.dob_edit.setText("31/02/2009")
        dialog.accept()
        save(dialog, outdir, "new-case-problems.png")
        dialog.close()

        settings = SettingsDialog(ClockPreferences(), window, keyring_available=True)
        settings.tabs.setCurrentIndex(1)
        settings.show()
        save(settings, outdir, "settings-security.png")
        settings.reject()

        save_trust_screens(window, outdir, Path(tmp) / "usb-stick")
        save_lock_curtain(window, outdir)

        keys = RecoveryKeyDialog(recovery_key, window)
        keys.show()
        save(keys, outdir, "recovery-key.png")
        keys.kept_check.setChecked(True)
        keys.accept()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
