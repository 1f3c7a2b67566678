"""Logging to an owner-only file in the workspace, with no personal data.

Messages name events, record types and ids only. Call sites must never pass names,
notes or keys; a test searches the log for the demo people's names.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path
from typing import cast

from sendmed_desktop.security.files import ensure_private_dir

LOG_FILE_NAME = "sendmed.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created owner-only."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        stream = os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)
        return cast("io.TextIOWrapper", stream)


def configure_logging(log_dir: Path, *, verbose: bool = False) -> Path:
    """Send the app's log records to ``log_dir``; return the log file's path."""
    ensure_private_dir(log_dir)
    path = log_dir / LOG_FILE_NAME
    handler = _PrivateRotatingHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _PrivateRotatingHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # Library loggers can echo SQL parameters, which hold case data: keep them quiet.
    for noisy in ("sqlalchemy", "alembic", "pyhanko", "keyring"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
