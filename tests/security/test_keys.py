"""Database keys wrapped under a passphrase and a recovery key, and the key header file."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from sendmed_desktop.security.errors import CorruptHeaderError, WrongSecretError
from sendmed_desktop.security.keys import (
    DATABASE_KEY_BYTES,
    PASSPHRASE_SLOT,
    RECOVERY_SLOT,
    KdfParameters,
    KeyHeader,
    create_key_header,
    format_sqlcipher_key,
    load_key_header,
    new_database_key,
    rewrap_with_passphrase,
    save_key_header,
    unlock_with_passphrase,
    unlock_with_recovery_key,
    unwrap_key,
    wrap_key,
)

FAST = KdfParameters.fast_for_tests()
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def key() -> bytes:
    return new_database_key()


@pytest.fixture
def made(key: bytes) -> tuple[KeyHeader, str]:
    return create_key_header(key, passphrase=PASSPHRASE, keyring_enabled=True, params=FAST)


def document(header: KeyHeader) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(header.to_bytes())
    return loaded


def encode(doc: object) -> bytes:
    return json.dumps(doc).encode("utf-8")


def test_new_database_keys_are_random_32_bytes() -> None:
    keys = {new_database_key() for _ in range(20)}
    assert len(keys) == 20
    assert all(len(k) == DATABASE_KEY_BYTES == 32 for k in keys)


def test_default_kdf_parameters_match_tech_notes() -> None:
    params = KdfParameters()
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 4)
    assert KdfParameters(time_cost=1, memory_cost=8, parallelism=1) == FAST


@pytest.mark.parametrize(
    "kwargs",
    [{"time_cost": 0}, {"memory_cost": 4 * 1024 * 1024}, {"parallelism": 4, "memory_cost": 8}],
)
def test_unreasonable_kdf_parameters_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="Argon2"):
        KdfParameters(**kwargs)


def test_wrap_unwrap_round_trip(key: bytes) -> None:
    wrapped = wrap_key(key, "pass", workspace_id="a" * 32, slot=PASSPHRASE_SLOT, params=FAST)
    assert key not in wrapped.ciphertext
    assert unwrap_key(wrapped, "pass", workspace_id="a" * 32, slot=PASSPHRASE_SLOT) == key


def test_wrapping_twice_uses_fresh_salt_and_nonce(key: bytes) -> None:
    one = wrap_key(key, "pass", workspace_id="a" * 32, slot=PASSPHRASE_SLOT, params=FAST)
    two = wrap_key(key, "pass", workspace_id="a" * 32, slot=PASSPHRASE_SLOT, params=FAST)
    assert one.salt != two.salt
    assert one.nonce != two.nonce
    assert one.ciphertext != two.ciphertext


def test_passphrase_unlocks(made: tuple[KeyHeader, str], key: bytes) -> None:
    header, _ = made
    assert unlock_with_passphrase(header, PASSPHRASE) == key


@pytest.mark.parametrize("wrong", ["wrong", PASSPHRASE.upper(), PASSPHRASE + " ", ""])
def test_wrong_passphrase_is_refused(made: tuple[KeyHeader, str], wrong: str) -> None:
    header, _ = made
    with pytest.raises(WrongSecretError, match="passphrase is not right"):
        unlock_with_passphrase(header, wrong)


def test_recovery_key_unlocks_even_as_typed_carelessly(
    made: tuple[KeyHeader, str], key: bytes
) -> None:
    header, recovery = made
    assert unlock_with_recovery_key(header, recovery) == key
    careless = recovery.lower().replace("-", " ").replace("O", "0").replace("o", "0")
    assert unlock_with_recovery_key(header, careless) == key


def test_another_recovery_key_is_refused(made: tuple[KeyHeader, str]) -> None:
    header, _ = made
    _, other = create_key_header(
        new_database_key(), passphrase="x", keyring_enabled=False, params=FAST
    )
    with pytest.raises(WrongSecretError, match="recovery key is not right"):
        unlock_with_recovery_key(header, other)


def test_passphrase_does_not_open_recovery_slot(made: tuple[KeyHeader, str]) -> None:
    header, _ = made
    with pytest.raises(WrongSecretError):
        unwrap_key(
            header.recovery_slot, PASSPHRASE, workspace_id=header.workspace_id, slot=RECOVERY_SLOT
        )


def test_slot_from_workspace_a_cannot_open_workspace_b(key: bytes) -> None:
    header_a, _ = create_key_header(key, passphrase=PASSPHRASE, keyring_enabled=False, params=FAST)
    header_b, _ = create_key_header(key, passphrase=PASSPHRASE, keyring_enabled=False, params=FAST)
    # Same key, same passphrase: only the AAD (workspace id) differs.
    transplanted = dataclasses.replace(header_b, passphrase_slot=header_a.passphrase_slot)
    with pytest.raises(WrongSecretError):
        unlock_with_passphrase(transplanted, PASSPHRASE)
    assert unlock_with_passphrase(header_a, PASSPHRASE) == key


def test_slot_cannot_be_moved_to_the_other_slot(made: tuple[KeyHeader, str]) -> None:
    header, recovery = made
    swapped = dataclasses.replace(header, passphrase_slot=header.recovery_slot)
    with pytest.raises(WrongSecretError):
        unlock_with_passphrase(swapped, recovery)


def test_keyring_only_header_has_no_passphrase_slot(key: bytes) -> None:
    header, recovery = create_key_header(key, passphrase=None, keyring_enabled=True, params=FAST)
    assert header.passphrase_slot is None
    with pytest.raises(WrongSecretError, match="no passphrase"):
        unlock_with_passphrase(header, "anything")
    assert unlock_with_recovery_key(header, recovery) == key
    assert KeyHeader.from_bytes(header.to_bytes()) == header


def test_header_without_passphrase_or_keyring_is_refused(key: bytes) -> None:
    with pytest.raises(ValueError, match="passphrase"):
        create_key_header(key, passphrase=None, keyring_enabled=False, params=FAST)


@pytest.mark.parametrize("bad", [b"", b"x" * 31, b"x" * 33])
def test_keys_of_the_wrong_length_are_refused(bad: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        create_key_header(bad, passphrase=PASSPHRASE, keyring_enabled=False, params=FAST)
    with pytest.raises(ValueError, match="32 bytes"):
        format_sqlcipher_key(bad)


def test_header_fields(made: tuple[KeyHeader, str]) -> None:
    header, _ = made
    assert header.format_version == 1
    assert len(header.workspace_id) == 32
    int(header.workspace_id, 16)
    assert header.created_at.endswith("+00:00")
    assert header.keyring_enabled is True


def test_header_round_trip(made: tuple[KeyHeader, str], key: bytes) -> None:
    header, recovery = made
    again = KeyHeader.from_bytes(header.to_bytes())
    assert again == header
    assert unlock_with_passphrase(again, PASSPHRASE) == key
    assert unlock_with_recovery_key(again, recovery) == key


def test_header_holds_no_secret_in_any_encoding(made: tuple[KeyHeader, str], key: bytes) -> None:
    header, recovery = made
    text = header.to_bytes().decode("utf-8")
    forbidden = [
        key.hex(),
        key.hex().upper(),
        base64.b64encode(key).decode(),
        base64.urlsafe_b64encode(key).decode(),
        base64.b32encode(key).decode(),
        PASSPHRASE,
        recovery,
        recovery.replace("-", ""),
    ]
    for secret in forbidden:
        assert secret not in text
    assert key not in header.to_bytes()


def test_rewrap_changes_passphrase_and_keeps_workspace(
    made: tuple[KeyHeader, str], key: bytes
) -> None:
    header, recovery = made
    changed = rewrap_with_passphrase(header, key, "a new passphrase", params=FAST)
    assert changed.workspace_id == header.workspace_id
    assert changed.recovery_slot == header.recovery_slot
    assert unlock_with_passphrase(changed, "a new passphrase") == key
    with pytest.raises(WrongSecretError):
        unlock_with_passphrase(changed, PASSPHRASE)
    assert unlock_with_recovery_key(changed, recovery) == key


def test_rewrap_adds_a_passphrase_to_a_keyring_only_header(key: bytes) -> None:
    header, _ = create_key_header(key, passphrase=None, keyring_enabled=True, params=FAST)
    changed = rewrap_with_passphrase(header, key, "now with a passphrase", params=FAST)
    assert unlock_with_passphrase(changed, "now with a passphrase") == key


def test_save_and_load_key_header(tmp_path: Path, made: tuple[KeyHeader, str]) -> None:
    header, _ = made
    path = tmp_path / "sendmed.key.json"
    save_key_header(path, header)
    assert load_key_header(path) == header
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_load_missing_header_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_key_header(tmp_path / "absent.json")


def test_load_unreadable_header_is_corrupt(tmp_path: Path) -> None:
    with pytest.raises(CorruptHeaderError, match="could not be read"):
        load_key_header(tmp_path)  # a folder, not a file


def _mutations() -> list[tuple[str, Any]]:
    def drop(name: str) -> Any:
        return lambda d: d.pop(name)

    def set_(name: str, value: object) -> Any:
        return lambda d: d.__setitem__(name, value)

    def slot(name: str, value: object) -> Any:
        return lambda d: d["recovery_slot"].__setitem__(name, value)

    return [
        ("no magic", drop("format")),
        ("other magic", set_("format", "electrum-wallet")),
        ("no version", drop("format_version")),
        ("version zero", set_("format_version", 0)),
        ("version as text", set_("format_version", "1")),
        ("version as bool", set_("format_version", True)),
        ("short workspace id", set_("workspace_id", "abc")),
        ("workspace id with bar", set_("workspace_id", "a" * 31 + "|")),
        ("naive date", set_("created_at", "2026-04-08T10:00:00")),
        ("not a date", set_("created_at", "yesterday")),
        ("keyring as text", set_("keyring_enabled", "yes")),
        ("no passphrase key", drop("passphrase_slot")),
        ("empty passphrase slot", set_("passphrase_slot", {})),
        ("no recovery slot", drop("recovery_slot")),
        ("null recovery slot", set_("recovery_slot", None)),
        ("other kdf", slot("kdf", "pbkdf2")),
        ("other cipher", slot("cipher", "aes-128-cbc")),
        ("bad base64", slot("salt", "not base64!")),
        ("short salt", slot("salt", base64.b64encode(b"x" * 8).decode())),
        ("short nonce", slot("nonce", base64.b64encode(b"x" * 8).decode())),
        ("truncated ciphertext", slot("ciphertext", base64.b64encode(b"x" * 40).decode())),
        ("huge memory cost", slot("memory_cost", 2**40)),
        ("negative time cost", slot("time_cost", -1)),
        ("float lanes", slot("parallelism", 1.0)),
    ]


@pytest.mark.parametrize(("label", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_malformed_header_is_corrupt(made: tuple[KeyHeader, str], label: str, mutate: Any) -> None:
    doc = document(made[0])
    mutate(doc)
    with pytest.raises(CorruptHeaderError, match="damaged or not a SendMed key file"):
        KeyHeader.from_bytes(encode(doc))


@pytest.mark.parametrize(
    "data",
    [b"", b"{", b"[]", b"null", b"\xff\xfe not utf-8", b"[" * 50_000],
    ids=["empty", "truncated", "list", "null", "binary", "deep nesting"],
)
def test_garbage_is_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptHeaderError):
        KeyHeader.from_bytes(data)


def test_oversized_header_is_refused_even_if_valid_json(made: tuple[KeyHeader, str]) -> None:
    padded = made[0].to_bytes() + b" " * 70_000
    assert json.loads(padded)["format_version"] == 1
    with pytest.raises(CorruptHeaderError):
        KeyHeader.from_bytes(padded)


def test_truncated_file_is_corrupt(made: tuple[KeyHeader, str]) -> None:
    data = made[0].to_bytes()
    with pytest.raises(CorruptHeaderError):
        KeyHeader.from_bytes(data[: len(data) // 2])


def test_newer_format_asks_to_update(made: tuple[KeyHeader, str]) -> None:
    doc = document(made[0])
    doc["format_version"] = 2
    doc["something_new"] = {"we": "cannot read"}
    with pytest.raises(CorruptHeaderError, match="update the app"):
        KeyHeader.from_bytes(encode(doc))


def test_flipped_ciphertext_byte_is_refused(made: tuple[KeyHeader, str]) -> None:
    header, _ = made
    doc = document(header)
    raw = bytearray(base64.b64decode(doc["passphrase_slot"]["ciphertext"]))
    raw[0] ^= 1
    doc["passphrase_slot"]["ciphertext"] = base64.b64encode(bytes(raw)).decode()
    tampered = KeyHeader.from_bytes(encode(doc))
    with pytest.raises(WrongSecretError):
        unlock_with_passphrase(tampered, PASSPHRASE)


def test_format_sqlcipher_key() -> None:
    key = bytes(range(32))
    literal = format_sqlcipher_key(key)
    assert literal == "\"x'" + key.hex() + "'\""
    assert literal == "\"x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'\""
    assert len(literal) == 64 + 5
    assert format_sqlcipher_key(b"\xab" * 32) == "\"x'" + "ab" * 32 + "'\""
