"""The command line: argument parsing and the commands that need no window.

Every failure a user can cause ends in one plain sentence on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sendmed_desktop import __version__, paths
from sendmed_desktop.logging_setup import configure_logging
from sendmed_desktop.services.errors import (
    PassphraseNeededError,
    WorkspaceError,
    message_for,
    workspace_write_problem,
)

if TYPE_CHECKING:
    from sendmed_desktop.services.workspace import Workspace

# Storage, documents and the GUI are imported inside the commands that use them: the
# window then appears before SQLAlchemy has even loaded (see tests/benchmarks).

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

# The documents ``sendmed export`` makes; each needs an entry in services.documents.EXPORTERS.
DOCUMENT_KINDS = ("agreement", "certificate")
RECOVERY_KEY_ENV = "SENDMED_RECOVERY_KEY"
PASSPHRASE_ENV = "SENDMED_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for ``sendmed``'s arguments."""
    parser = argparse.ArgumentParser(
        prog="sendmed",
        description="SendMed Desktop: run SEND mediation meetings offline. "
        "With no command, opens the app.",
        epilog="Scripts unlock the workspace with the SENDMED_PASSPHRASE environment variable.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, metavar="DIR", help="use the workspace in DIR (any command)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway encrypted workspace filled with fictional demo cases",
    )
    parser.add_argument("--verbose", action="store_true", help="log more detail")
    # Used by the start-up benchmark and smoke tests: quit once the window is shown.
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("seed-demo", help="add the fictional demo cases to the workspace")
    commands.add_parser(
        "self-test", help="unlock the workspace, check the database and print 'ok: N cases'"
    )
    export = commands.add_parser(
        "export",
        help="write a case's document as a sealed PDF, e.g. 'export SM-2026-0001 agreement'",
    )
    export.add_argument("case_reference", metavar="CASE_REF", help="the case's reference")
    export.add_argument("kind", choices=DOCUMENT_KINDS, help="which document")
    export.add_argument("out", type=Path, metavar="OUT.pdf", help="the file (or folder) to write")
    verify = commands.add_parser(
        "verify", help="check that a PDF is sealed by this workspace and unchanged since"
    )
    verify.add_argument("file", type=Path, metavar="FILE.pdf", help="the PDF to check")
    backup = commands.add_parser(
        "backup", help="write an encrypted, checksummed backup of the workspace"
    )
    backup.add_argument(
        "out", type=Path, metavar="OUT", help="the backup file, or a folder to put it in"
    )
    restore = commands.add_parser(
        "restore",
        help="restore a backup over the workspace, or into a new one "
        f"(needs {RECOVERY_KEY_ENV}; {PASSPHRASE_ENV} sets the new passphrase)",
    )
    restore.add_argument("backup_file", type=Path, metavar="IN", help="the backup to restore")
    audit_command = commands.add_parser("audit", help="check the audit trail")
    audit_command.add_argument(
        "action", choices=("verify",), help="verify: check every entry's hash chain"
    )
    return parser


def unlock_for_command(workspace_paths: paths.WorkspacePaths) -> Workspace:
    """Unlock non-interactively, or ask on the terminal when there is one."""
    from sendmed_desktop.services.workspace import open_from_environment, open_workspace

    try:
        workspace, recovery_key = open_from_environment(workspace_paths)
    except PassphraseNeededError:
        if not sys.stdin.isatty():
            raise
        import getpass

        passphrase = getpass.getpass("Workspace passphrase: ")
        return open_workspace(workspace_paths, passphrase=passphrase)
    if recovery_key is not None:
        print(
            "Created a new workspace. Its recovery key opens it if the passphrase is lost; "
            f"write it down now, it is not shown again:\n  {recovery_key}",
            file=sys.stderr,
        )
    return workspace


def command_seed_demo(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Add the demo cases; print how many."""
    from sendmed_desktop.services import demo

    workspace = unlock_for_command(workspace_paths)
    try:
        added = demo.seed_demo(workspace)
    finally:
        workspace.close()
    print(f"added {added} demo cases")
    return EXIT_OK


def command_self_test(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Print ``ok: N cases`` and exit 0, or what is wrong and exit 1."""
    from sendmed_desktop.services.health import check_workspace

    workspace = unlock_for_command(workspace_paths)
    try:
        report = check_workspace(workspace)
    finally:
        workspace.close()
    if report.ok:
        print(f"ok: {report.case_count} cases")
        return EXIT_OK
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return EXIT_FAILED


def command_export(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Write a sealed document; print where it went and whose seal it carries."""
    from sendmed_desktop.services.documents import EXPORTERS, verify_file

    workspace = unlock_for_command(workspace_paths)
    try:
        written = EXPORTERS[args.kind](workspace, args.case_reference, args.out)
        # Read back and checked, so the line printed is what a recipient's check will say.
        check = verify_file(workspace, written)
    finally:
        workspace.close()
    if not check.ok:
        print(
            f"sendmed: wrote {written}, but its seal does not check: {check.message}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"wrote {written} (sealed by {check.signer_name})")
    return EXIT_OK


_VERIFY_PREFIX = {
    "intact": "intact",
    "altered": "altered",
    "unknown_signer": "signed by an unknown key",
    "unsigned": "not sealed",
    "unreadable": "unreadable",
}


def command_verify(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Print one line on a PDF's seal; exit 0 only if intact and sealed by a known key."""
    from sendmed_desktop.documents.formatting import format_datetime
    from sendmed_desktop.services.documents import verify_file

    workspace = unlock_for_command(workspace_paths)
    try:
        check = verify_file(workspace, args.file)
    finally:
        workspace.close()
    if check.ok:
        when = f" on {format_datetime(check.signed_at)}" if check.signed_at else ""
        print(f"intact: sealed by {check.signer_name}{when}")
        return EXIT_OK
    print(f"{_VERIFY_PREFIX[check.status.value]}: {check.message}")
    return EXIT_FAILED


def command_backup(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Write a backup; print where it went."""
    from sendmed_desktop.services.backups import create_backup
    from sendmed_desktop.storage.errors import disk_fault

    workspace = unlock_for_command(workspace_paths)
    try:
        written = create_backup(workspace, args.out)
    except OSError as error:
        # A write that fails on an open file names no file: say which place refused it.
        fault = disk_fault(error, workspace_paths.root, place=args.out)
        if fault is None:
            raise
        raise fault from None
    finally:
        workspace.close()
    print(f"wrote {written}")
    return EXIT_OK


def command_restore(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Restore a backup over the workspace, or into a new one; print how many cases."""
    import os

    from sendmed_desktop.services.backups import restore_backup, restore_over_workspace

    if workspace_paths.holds_workspace():
        workspace = unlock_for_command(workspace_paths)
        try:
            info = restore_over_workspace(args.backup_file, workspace)
        finally:
            workspace.close()
    else:
        recovery_key = os.environ.get(RECOVERY_KEY_ENV)
        passphrase = os.environ.get(PASSPHRASE_ENV)
        if not recovery_key or not passphrase:
            raise WorkspaceError(
                f"There is no workspace in {workspace_paths.root}. To restore the backup "
                f"there, set {RECOVERY_KEY_ENV} to its recovery key and {PASSPHRASE_ENV} "
                "to the new workspace's passphrase."
            )
        info = restore_backup(
            args.backup_file,
            workspace_paths,
            recovery_key=recovery_key,
            passphrase_for_new=passphrase,
        )
    print(f"restored {info.case_count} cases")
    return EXIT_OK


def command_audit(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Exit 0 when the audit trail's hash chain holds; else name the first broken entry."""
    from sendmed_desktop.services.audit_check import check_audit_trail

    workspace = unlock_for_command(workspace_paths)
    try:
        report = check_audit_trail(workspace)
    finally:
        workspace.close()
    if report.first_broken is None:
        print(f"ok: the audit trail is intact ({report.entries} entries)")
        return EXIT_OK
    print(
        f"broken: audit entry {report.first_broken} does not follow the one before it; "
        "the trail has been altered from that entry on",
        file=sys.stderr,
    )
    return EXIT_FAILED


COMMANDS: dict[str, Callable[[argparse.Namespace, paths.WorkspacePaths], int]] = {
    "seed-demo": command_seed_demo,
    "self-test": command_self_test,
    "export": command_export,
    "verify": command_verify,
    "backup": command_backup,
    "restore": command_restore,
    "audit": command_audit,
}


# Opens the window for the command line given no command (``ui.launch.open_gui``). It is
# passed in by ``__main__`` so that this module, like the rest of the core, never imports Qt.
GuiOpener = Callable[[argparse.Namespace, paths.WorkspacePaths], int]
NO_WINDOW = "this command line has no window; give a command (see --help)."


def run(argv: Sequence[str] | None = None, *, open_gui: GuiOpener | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit code."""
    args = build_parser().parse_args(argv)
    paths.use_data_dir(args.data_dir)
    workspace_paths = paths.workspace()
    try:
        if args.command is None:
            if open_gui is None:
                print(f"sendmed: {NO_WINDOW}", file=sys.stderr)
                return EXIT_USAGE
            return open_gui(args, workspace_paths)
        # Before the log file is opened: in a read-only folder that would fail first, and
        # name the log rather than the workspace.
        write_problem = workspace_write_problem(workspace_paths)
        if write_problem is not None:
            raise WorkspaceError(write_problem)
        configure_logging(workspace_paths.logs, verbose=args.verbose)
        return COMMANDS[args.command](args, workspace_paths)
    except KeyboardInterrupt:
        print("sendmed: interrupted; nothing was lost.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        message = message_for(error, workspace_paths.root) or _os_error_message(error)
        if message is None:
            raise
        print(f"sendmed: {message}", file=sys.stderr)
        return EXIT_FAILED


def _os_error_message(error: Exception) -> str | None:
    """Return one line for a file error no plainer message covers, or None."""
    if not isinstance(error, OSError):
        return None
    where = f" ({error.filename})" if error.filename else ""
    return f"could not use the workspace files{where}: {error.strerror}."
