"""Entry point: ``sendmed`` and ``python -m sendmed_desktop``.

The one module outside ``ui`` that may reach the window: it hands the command line the
function that opens it, imported only when no command is given.
"""

from __future__ import annotations

import argparse
import sys

from sendmed_desktop import paths


def open_gui(args: argparse.Namespace, workspace_paths: paths.WorkspacePaths) -> int:
    """Open the window (Qt loads here, and only here)."""
    from sendmed_desktop.ui.launch import open_gui as open_window

    return int(open_window(args, workspace_paths))


def main() -> int:
    """Run the command line and return its exit code."""
    from sendmed_desktop.cli import run

    return run(sys.argv[1:], open_gui=open_gui)


if __name__ == "__main__":
    sys.exit(main())
