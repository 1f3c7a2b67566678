"""Save a file the user asked for (a document, an export) where they chose, in plain words.

Owner-only and atomic (security.files); a refused folder, a full disk or a folder given
for a file name becomes one sentence saying what to do.
"""

from __future__ import annotations

import errno
from pathlib import Path

from sendmed_desktop.security.files import write_private_file
from sendmed_desktop.services.errors import ValidationError, WorkspaceError


def write_document(target: Path, data: bytes) -> None:
    """Write a document the user chose to save, owner-only; say in words what went wrong."""
    try:
        write_private_file(target, data)
    except PermissionError:
        raise WorkspaceError(
            f"SendMed Desktop may not save files in {target.parent}. Choose another folder."
        ) from None
    except IsADirectoryError:
        raise ValidationError(f"{target} is a folder. Choose a file name.") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise WorkspaceError(
                f"There is not enough space in {target.parent}. Free some space or "
                "choose another folder."
            ) from None
        raise WorkspaceError(
            f"The document could not be saved in {target.parent} ({exc.strerror}). "
            "Choose another folder."
        ) from None
