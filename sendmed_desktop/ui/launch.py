"""Open the window for ``sendmed`` with no command: on the user's workspace or a demo one.

Called by ``__main__`` through ``cli.run(open_gui=...)``, so the command line itself never
imports Qt. Checks that need no window (a display, a writable workspace) come first and
are said on stderr and, where a window can open, in a message box.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sendmed_desktop import paths
from sendmed_desktop.cli import EXIT_USAGE
from sendmed_desktop.logging_setup import configure_logging
from sendmed_desktop.services.errors import workspace_write_problem
from sendmed_desktop.ui.app import display_problem, run_gui, show_startup_problem

if TYPE_CHECKING:
    from sendmed_desktop.services.workspace import Workspace


def open_gui(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Open the window on the user's workspace, or on a throwaway demo one."""
    problem = display_problem()
    if problem:
        sys.stderr.write(f"{problem}\n")
        return EXIT_USAGE
    if not args.demo:
        # Said in a window too: someone who starts the app from a menu never sees stderr.
        write_problem = workspace_write_problem(workspace_paths)
        if write_problem is not None:
            quit_at_once = args.quit_when_shown or args.quit_when_ready
            return int(show_startup_problem(write_problem, quit_when_shown=quit_at_once))
        configure_logging(workspace_paths.logs, verbose=args.verbose)
        shown = run_gui(
            workspace_paths,
            quit_when_shown=args.quit_when_shown,
            quit_when_ready=args.quit_when_ready,
        )
        return int(shown)
    demo_root = Path(tempfile.mkdtemp(prefix="sendmed-demo-"))
    try:
        demo_paths = paths.WorkspacePaths(demo_root / "workspace")
        configure_logging(demo_paths.logs, verbose=args.verbose)
        workspace = _create_demo_workspace(demo_paths)
        from sendmed_desktop.services import demo

        demo.seed_demo(workspace)
        return int(
            run_gui(
                demo_paths, workspace=workspace, demo=True, quit_when_shown=args.quit_when_shown
            )
        )
    finally:
        logging.shutdown()
        shutil.rmtree(demo_root, ignore_errors=True)


def _create_demo_workspace(demo_paths: paths.WorkspacePaths) -> Workspace:
    """Create the demo workspace, under the published demo passphrase (fictional data)."""
    from sendmed_desktop.security.keys import KdfParameters
    from sendmed_desktop.services.demo import DEMO_PASSPHRASE
    from sendmed_desktop.services.workspace import create_workspace

    # The passphrase is public and the cases invented, so slow key stretching would only
    # cost a quarter of a second at start-up.
    workspace, _recovery = create_workspace(
        demo_paths,
        DEMO_PASSPHRASE,
        remember_in_keyring=False,
        kdf=KdfParameters.fast_for_tests(),
    )
    return workspace
