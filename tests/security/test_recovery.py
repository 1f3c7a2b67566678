"""Recovery keys: format, forgiving normalisation, rejection of anything else."""

from __future__ import annotations

import base64
import re

import pytest

from sendmed_desktop.security.errors import WrongSecretError
from sendmed_desktop.security.recovery import new_recovery_key, normalise_recovery_key

GROUPED = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}")
KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


def test_new_key_has_eight_groups_of_four_base32_characters() -> None:
    key = new_recovery_key()
    assert GROUPED.fullmatch(key), key
    assert len(base64.b32decode(key.replace("-", ""))) == 20  # 160 bits


def test_new_keys_differ() -> None:
    assert len({new_recovery_key() for _ in range(50)}) == 50


def test_new_key_is_already_normalised() -> None:
    key = new_recovery_key()
    assert normalise_recovery_key(key) == key


@pytest.mark.parametrize(
    "typed",
    [
        "abcd-efgh-ijkl-mnop-qrst-uvwx-yz23-4567",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "  abcd efgh ijkl mnop  qrst uvwx yz23 4567\n",
        "ABCD–EFGH—IJKL-MNOP-QRST-UVWX-YZ23-4567",  # dashes from a word processor
        "ABCD-EFGH-1JKL-MN0P-QRST-UVWX-YZ23-4567",  # 1 for I, 0 for O
    ],
)
def test_normalise_forgives_case_spacing_and_misreads(typed: str) -> None:
    assert normalise_recovery_key(typed) == KEY


def test_eight_is_read_as_b() -> None:
    assert normalise_recovery_key("A8CD" + "A" * 28) == "ABCD-" + "-".join(["AAAA"] * 7)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23",  # seven groups
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-45678",  # one too many
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4569",  # 9 is not base32
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-456!",
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-45ß",  # "ß".upper() is "SS": 32 letters if allowed
        "my passphrase is not a recovery key",
    ],
)
def test_malformed_keys_are_rejected_in_plain_words(typed: str) -> None:
    with pytest.raises(WrongSecretError, match="32 letters and digits in 8 groups"):
        normalise_recovery_key(typed)
