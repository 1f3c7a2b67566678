"""Workspace keys: a random database key, wrapped under a passphrase and a recovery key.

The key header (JSON beside the database) holds only copies of the key encrypted with
AES-256-GCM under Argon2id-derived keys, so changing the passphrase re-wraps the same key
and the database is never re-encrypted.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sendmed_desktop.security.errors import CorruptHeaderError, WrongSecretError
from sendmed_desktop.security.files import write_private_file
from sendmed_desktop.security.recovery import new_recovery_key, normalise_recovery_key

DATABASE_KEY_BYTES = 32
FORMAT_VERSION = 1
PASSPHRASE_SLOT = "passphrase"  # noqa: S105 - a slot name, not a secret
RECOVERY_SLOT = "recovery"
SALT_BYTES = 16
NONCE_BYTES = 12
_TAG_BYTES = 16
_MAGIC = "sendmed-key-header"
_BINARY = ("salt", "nonce", "ciphertext")
_SLOT_FORMAT = {"kdf": "argon2id", "cipher": "aes-256-gcm"}
_AAD_PREFIX = b"sendmed-key-v1|"
_WORKSPACE_ID = re.compile(r"[0-9a-f]{32}")
_MAX_HEADER_BYTES = 64 * 1024
# Upper bounds (time, KiB, lanes) a header may ask for: a damaged or hostile key file must
# not make unlocking allocate gigabytes of memory or run for minutes.
_MAX_COSTS = (20, 1024 * 1024, 16)
_NEWER = (
    "This workspace was made by a newer version of SendMed Desktop. "
    "Please update the app to open it."
)
_T = TypeVar("_T")


def new_database_key() -> bytes:
    """Return a new random database key."""
    return secrets.token_bytes(DATABASE_KEY_BYTES)


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id cost settings (memory in KiB); the defaults take about 120 ms."""

    time_cost: int = 3
    memory_cost: int = 65536
    parallelism: int = 4

    def __post_init__(self) -> None:
        values = (self.time_cost, self.memory_cost, self.parallelism)
        for value, high in zip(values, _MAX_COSTS, strict=True):
            if type(value) is not int or not 1 <= value <= high:
                raise ValueError(f"Argon2 setting out of range: {value!r}")
        if self.memory_cost < 8 * self.parallelism:
            raise ValueError("Argon2 needs at least 8 KiB of memory per lane")

    @classmethod
    def fast_for_tests(cls) -> KdfParameters:
        """Return the cheapest valid settings, for tests only."""
        return cls(time_cost=1, memory_cost=8, parallelism=1)


@dataclass(frozen=True)
class WrappedKey:
    """The database key encrypted under a key derived from one secret."""

    params: KdfParameters
    salt: bytes
    nonce: bytes
    ciphertext: bytes

    def __post_init__(self) -> None:
        if len(self.salt) != SALT_BYTES or len(self.nonce) != NONCE_BYTES:
            raise ValueError("wrong salt or nonce length")
        if len(self.ciphertext) != DATABASE_KEY_BYTES + _TAG_BYTES:
            raise ValueError("wrong wrapped key length")

    def to_json(self) -> dict[str, Any]:
        """Return the slot as a JSON-ready dict, binary fields in base64."""
        return {
            **_SLOT_FORMAT,
            "time_cost": self.params.time_cost,
            "memory_cost": self.params.memory_cost,
            "parallelism": self.params.parallelism,
            **{name: base64.b64encode(getattr(self, name)).decode("ascii") for name in _BINARY},
        }

    @classmethod
    def from_json(cls, raw: object) -> WrappedKey:
        """Parse a slot written by ``to_json``; raise ValueError or TypeError if malformed."""
        if not isinstance(raw, dict) or any(raw.get(k) != v for k, v in _SLOT_FORMAT.items()):
            raise ValueError("unknown slot format")
        costs = {name: _field(raw, name, int) for name in ("time_cost", "memory_cost")}
        binary = {name: base64.b64decode(_field(raw, name, str), validate=True) for name in _BINARY}
        params = KdfParameters(**costs, parallelism=_field(raw, "parallelism", int))
        return cls(params=params, **binary)


def wrap_key(
    key: bytes, secret: str, *, workspace_id: str, slot: str, params: KdfParameters
) -> WrappedKey:
    """Encrypt ``key`` under ``secret`` for one slot of one workspace."""
    _check_key(key)
    if not secret:
        raise ValueError("The secret must not be empty.")
    # A fresh salt and nonce every time: re-wrapping under the same passphrase must never
    # reuse a (key, nonce) pair, which would break AES-GCM.
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    kek = _derive(secret, salt, params)
    ciphertext = AESGCM(kek).encrypt(nonce, key, _aad(workspace_id, slot))
    return WrappedKey(params=params, salt=salt, nonce=nonce, ciphertext=ciphertext)


def unwrap_key(wrapped: WrappedKey, secret: str, *, workspace_id: str, slot: str) -> bytes:
    """Decrypt the key in ``wrapped`` with ``secret``, or raise WrongSecretError."""
    kek = _derive(secret, wrapped.salt, wrapped.params)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, _aad(workspace_id, slot))
    except InvalidTag:
        # A wrong secret, a slot from another workspace and a tampered slot all fail the
        # tag alike; they cannot be told apart, so the message cannot differ either.
        if slot == RECOVERY_SLOT:
            raise WrongSecretError("That recovery key is not right for this workspace.") from None
        raise WrongSecretError() from None


@dataclass(frozen=True)
class KeyHeader:
    """The workspace key file: identity, settings and the wrapped copies of the key."""

    format_version: int
    workspace_id: str
    created_at: str
    keyring_enabled: bool
    passphrase_slot: WrappedKey | None
    recovery_slot: WrappedKey

    def __post_init__(self) -> None:
        if self.format_version != FORMAT_VERSION:
            raise ValueError("unsupported format version")
        if not _WORKSPACE_ID.fullmatch(self.workspace_id):
            raise ValueError("workspace id is not 32 hex digits")
        if datetime.fromisoformat(self.created_at).tzinfo is None:
            raise ValueError("created_at has no time zone")

    def to_bytes(self) -> bytes:
        """Return the header as UTF-8 JSON; it holds no key material beyond the slots."""
        slot = self.passphrase_slot
        document = {
            "format": _MAGIC,
            "format_version": self.format_version,
            "workspace_id": self.workspace_id,
            "created_at": self.created_at,
            "keyring_enabled": self.keyring_enabled,
            "passphrase_slot": None if slot is None else slot.to_json(),
            "recovery_slot": self.recovery_slot.to_json(),
        }
        return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyHeader:
        """Parse a header written by ``to_bytes``, or raise CorruptHeaderError."""
        try:
            if len(data) > _MAX_HEADER_BYTES:
                raise ValueError("too large for a key file")
            document = json.loads(data.decode("utf-8"))
            if not isinstance(document, dict) or document.get("format") != _MAGIC:
                raise ValueError("not a SendMed key file")
            version = _field(document, "format_version", int)
            if version > FORMAT_VERSION:
                raise CorruptHeaderError(_NEWER)
            raw = document["passphrase_slot"]
            return cls(
                format_version=version,
                workspace_id=_field(document, "workspace_id", str),
                created_at=_field(document, "created_at", str),
                keyring_enabled=_field(document, "keyring_enabled", bool),
                passphrase_slot=None if raw is None else WrappedKey.from_json(raw),
                recovery_slot=WrappedKey.from_json(document["recovery_slot"]),
            )
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            raise CorruptHeaderError() from exc


def create_key_header(
    key: bytes,
    *,
    passphrase: str | None,
    keyring_enabled: bool,
    params: KdfParameters | None = None,
) -> tuple[KeyHeader, str]:
    """Return a new workspace's header and the recovery key to show the user once."""
    _check_key(key)
    # With neither a passphrase nor the keyring the workspace could only be opened with the
    # recovery key, which the user is told to put away: refuse that set-up.
    if passphrase is None and not keyring_enabled:
        raise ValueError("A workspace needs a passphrase, the system keyring, or both.")
    params = params or KdfParameters()
    workspace_id, recovery_key = uuid.uuid4().hex, new_recovery_key()
    passphrase_slot = None
    if passphrase is not None:
        passphrase_slot = wrap_key(
            key, passphrase, workspace_id=workspace_id, slot=PASSPHRASE_SLOT, params=params
        )
    recovery_slot = wrap_key(
        key, recovery_key, workspace_id=workspace_id, slot=RECOVERY_SLOT, params=params
    )
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    header = KeyHeader(
        FORMAT_VERSION, workspace_id, created_at, keyring_enabled, passphrase_slot, recovery_slot
    )
    return header, recovery_key


def unlock_with_passphrase(header: KeyHeader, passphrase: str) -> bytes:
    """Return the database key unlocked with the passphrase."""
    if header.passphrase_slot is None:
        raise WrongSecretError(
            "This workspace has no passphrase. Open it from the system keyring "
            "or with its recovery key."
        )
    return unwrap_key(
        header.passphrase_slot, passphrase, workspace_id=header.workspace_id, slot=PASSPHRASE_SLOT
    )


def unlock_with_recovery_key(header: KeyHeader, recovery_key: str) -> bytes:
    """Return the database key unlocked with the recovery key, as the user typed it."""
    canonical = normalise_recovery_key(recovery_key)
    return unwrap_key(
        header.recovery_slot, canonical, workspace_id=header.workspace_id, slot=RECOVERY_SLOT
    )


def rewrap_with_passphrase(
    header: KeyHeader, key: bytes, new_passphrase: str, params: KdfParameters | None = None
) -> KeyHeader:
    """Return a copy of ``header`` whose passphrase slot wraps ``key`` under a new passphrase.

    ``key`` must be the key already unlocked from this header: it cannot be checked here.
    """
    params = params or KdfParameters()
    slot = wrap_key(
        key, new_passphrase, workspace_id=header.workspace_id, slot=PASSPHRASE_SLOT, params=params
    )
    return replace(header, passphrase_slot=slot)


def load_key_header(path: Path) -> KeyHeader:
    """Read the key header at ``path``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_HEADER_BYTES + 1)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise CorruptHeaderError(
            "The workspace key file could not be read. Check that you can open files in "
            "the workspace folder."
        ) from exc
    return KeyHeader.from_bytes(data)


def save_key_header(path: Path, header: KeyHeader) -> None:
    """Write the key header to ``path`` atomically and privately."""
    write_private_file(path, header.to_bytes())


def derive_subkey(key: bytes, purpose: str) -> bytes:
    """Return a 32-byte key for one purpose (e.g. the signing identity), derived by HKDF.

    Other secrets of the workspace are protected by keys derived from the database key,
    so they are exactly as safe as the database and need no passphrase of their own.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    _check_key(key)
    if not purpose:
        raise ValueError("a sub-key needs a purpose")
    info = b"sendmed-subkey-v1|" + purpose.encode("utf-8")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def format_sqlcipher_key(key: bytes) -> str:
    """Return the raw-key literal for ``PRAGMA key = <literal>``, double quotes included."""
    _check_key(key)
    # A raw key skips SQLCipher's own PBKDF2: the slow derivation is done once, by Argon2.
    return f"\"x'{key.hex()}'\""


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != DATABASE_KEY_BYTES:
        raise ValueError(f"A database key must be {DATABASE_KEY_BYTES} bytes.")


def _derive(secret: str, salt: bytes, params: KdfParameters) -> bytes:
    costs = (params.time_cost, params.memory_cost, params.parallelism)
    return hash_secret_raw(secret.encode("utf-8"), salt, *costs, hash_len=32, type=Type.ID)


def _aad(workspace_id: str, slot: str) -> bytes:
    # Binding workspace and slot name means a slot copied from another workspace's header
    # (or moved between slots) fails to decrypt instead of opening the wrong data.
    if "|" in workspace_id or "|" in slot:
        raise ValueError("workspace id and slot name must not contain '|'")
    return _AAD_PREFIX + workspace_id.encode("utf-8") + b"|" + slot.encode("utf-8")


def _field(document: dict[str, Any], name: str, kind: type[_T]) -> _T:
    value = document[name]
    # bool is a subclass of int; a JSON true is never a valid number here.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{name} has the wrong type")
    return value
