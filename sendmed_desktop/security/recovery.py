"""Recovery keys: 160 random bits shown once as eight groups of four base32 characters."""

from __future__ import annotations

import base64
import re
import secrets

from sendmed_desktop.security.errors import WrongSecretError

RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters exactly, so no padding.
_CHARACTERS = 32
_GROUP = 4
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# Digits people write for letters that look like them; none of 0, 1, 8 is in the alphabet,
# so the mapping can never turn one valid key into another.
_MISREADS = str.maketrans({"0": "O", "1": "I", "8": "B"})
# Spaces and every kind of dash, so a key pasted from a word processor still reads.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_]+")
_MALFORMED = "That is not a recovery key: it should be 32 letters and digits in 8 groups."


def new_recovery_key() -> str:
    """Return a new random recovery key in its grouped form."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_KEY_BYTES)).decode("ascii")
    return _group(text)


def normalise_recovery_key(text: str) -> str:
    """Return ``text`` as a canonical recovery key, forgiving case, spacing and misreads."""
    compact = _SEPARATORS.sub("", text)
    # ASCII only before upper(): "ß".upper() is "SS", which would smuggle in valid letters.
    if not compact.isascii():
        raise WrongSecretError(_MALFORMED)
    compact = compact.upper().translate(_MISREADS)
    if len(compact) != _CHARACTERS or not set(compact) <= _ALPHABET:
        raise WrongSecretError(_MALFORMED)
    return _group(compact)


def _group(text: str) -> str:
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))
