"""The OS keyring: used only when real, every failure turned into KeyringUnavailableError."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import keyring
import keyring.errors
import pytest
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from sendmed_desktop.security.errors import KeyringUnavailableError
from sendmed_desktop.security.keyring_store import (
    KeyringStore,
    describe_keyring,
    keyring_is_usable,
)
from tests.support.memory_keyring import FailingKeyring, MemoryKeyring, reset, use_keyring

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE = "0123456789abcdef0123456789abcdef"
KEY = bytes(range(32))
NO_KEYRING = "No system keyring is available on this computer."


class PlainTextLookalike(MemoryKeyring):
    """Stands in for keyrings.alt, which must never be imported."""

    __module__ = "keyrings.alt.file"
    store: ClassVar[dict[tuple[str, str], str]] = {}


class CryptfileLookalike(PlainTextLookalike):
    __module__ = "keyrings.cryptfile.cryptfile"


class SimilarlyNamedBackend(MemoryKeyring):
    __module__ = "keyrings.alternative"


class SecretServiceLookalike(MemoryKeyring):
    __module__ = "keyring.backends.SecretService"


class ForgetfulKeyring(MemoryKeyring):
    """Accepts every write and keeps nothing."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


class StubbornKeyring(MemoryKeyring):
    """Reports PasswordDeleteError although the entry is still there."""

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("access denied")


@pytest.fixture(autouse=True)
def _empty_stores() -> Iterator[None]:
    reset()
    PlainTextLookalike.store.clear()
    yield
    reset()
    PlainTextLookalike.store.clear()


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with use_keyring(backend):
        yield backend


def test_memory_keyring_is_usable_and_named(memory: MemoryKeyring) -> None:
    assert keyring_is_usable()
    assert describe_keyring() != NO_KEYRING
    assert "MemoryKeyring" in describe_keyring()


def test_save_load_delete_round_trip(memory: MemoryKeyring) -> None:
    store = KeyringStore()
    store.save(WORKSPACE, KEY)
    assert MemoryKeyring.store == {("SendMed Desktop", WORKSPACE): KEY.hex()}
    assert store.load(WORKSPACE) == KEY
    store.delete(WORKSPACE)
    assert store.load(WORKSPACE) is None
    assert MemoryKeyring.store == {}


def test_save_replaces_and_workspaces_are_separate(memory: MemoryKeyring) -> None:
    store = KeyringStore()
    other = "f" * 32
    store.save(WORKSPACE, b"\x01" * 32)
    store.save(WORKSPACE, KEY)
    store.save(other, b"\x02" * 32)
    assert store.load(WORKSPACE) == KEY
    assert store.load(other) == b"\x02" * 32


def test_load_absent_is_none_and_delete_absent_is_quiet(memory: MemoryKeyring) -> None:
    store = KeyringStore()
    assert store.load(WORKSPACE) is None
    store.delete(WORKSPACE)
    assert store.load(WORKSPACE) is None


@pytest.mark.parametrize("bad", [b"", b"\x00" * 31, b"\x00" * 33])
def test_save_refuses_a_key_of_the_wrong_length(memory: MemoryKeyring, bad: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        KeyringStore().save(WORKSPACE, bad)
    assert MemoryKeyring.store == {}


@pytest.mark.parametrize("stored", ["not hex at all", "ab" * 16, "ab" * 33])
def test_damaged_entry_is_reported(memory: MemoryKeyring, stored: str) -> None:
    MemoryKeyring.store[(KeyringStore.SERVICE, WORKSPACE)] = stored
    with pytest.raises(KeyringUnavailableError, match="damaged"):
        KeyringStore().load(WORKSPACE)


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_keyring_backends_are_not_usable(backend: keyring.backend.KeyringBackend) -> None:
    with use_keyring(backend):
        assert not keyring_is_usable()
        assert describe_keyring() == NO_KEYRING
        store = KeyringStore()
        with pytest.raises(KeyringUnavailableError, match="No system keyring"):
            store.save(WORKSPACE, KEY)
        with pytest.raises(KeyringUnavailableError):
            store.load(WORKSPACE)
        with pytest.raises(KeyringUnavailableError):
            store.delete(WORKSPACE)


@pytest.mark.parametrize("cls", [PlainTextLookalike, CryptfileLookalike])
def test_plain_text_backends_are_refused_and_never_written(
    cls: type[PlainTextLookalike],
) -> None:
    with use_keyring(cls()):
        assert not keyring_is_usable()
        with pytest.raises(KeyringUnavailableError):
            KeyringStore().save(WORKSPACE, KEY)
    assert cls.store == {}


def test_refusal_matches_whole_package_names() -> None:
    with use_keyring(SimilarlyNamedBackend()):
        assert keyring_is_usable()


def test_secret_service_is_described_in_plain_words() -> None:
    with use_keyring(SecretServiceLookalike()):
        assert describe_keyring() == "GNOME Keyring / Secret Service"


def test_chainer_without_real_members_is_not_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    for members in ([], [fail.Keyring()], [null.Keyring(), PlainTextLookalike()]):
        monkeypatch.setattr(ChainerBackend, "backends", members)
        with use_keyring(ChainerBackend()):
            assert not keyring_is_usable(), members
            assert describe_keyring() == NO_KEYRING


def test_chainer_uses_its_first_real_member_and_skips_plain_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", [PlainTextLookalike(), MemoryKeyring()])
    with use_keyring(ChainerBackend()):
        assert keyring_is_usable()
        KeyringStore().save(WORKSPACE, KEY)
        assert KeyringStore().load(WORKSPACE) == KEY
    assert PlainTextLookalike.store == {}
    assert MemoryKeyring.store == {(KeyringStore.SERVICE, WORKSPACE): KEY.hex()}


def test_failing_keyring_raises_unavailable_in_plain_words() -> None:
    store = KeyringStore()
    with use_keyring(FailingKeyring()):
        assert keyring_is_usable()  # it looks real; it fails only when used
        with pytest.raises(KeyringUnavailableError, match="could not be saved in") as saved:
            store.save(WORKSPACE, KEY)
        with pytest.raises(KeyringUnavailableError, match="could not be read from"):
            store.load(WORKSPACE)
        with pytest.raises(KeyringUnavailableError, match="could not be removed from"):
            store.delete(WORKSPACE)
    assert isinstance(saved.value.__cause__, keyring.errors.KeyringError)
    assert KEY.hex() not in str(saved.value)


@pytest.mark.parametrize("error", [OSError("dbus gone"), RuntimeError("backend bug")])
def test_os_and_backend_errors_become_unavailable(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def boom(*args: object) -> None:
        raise error

    monkeypatch.setattr(MemoryKeyring, "get_password", boom)
    with pytest.raises(KeyringUnavailableError):
        KeyringStore().load(WORKSPACE)


def test_a_keyring_that_forgets_is_not_trusted() -> None:
    with (
        use_keyring(ForgetfulKeyring()),
        pytest.raises(KeyringUnavailableError, match="did not keep"),
    ):
        KeyringStore().save(WORKSPACE, KEY)


def test_delete_that_leaves_the_entry_is_reported() -> None:
    with use_keyring(StubbornKeyring()):
        store = KeyringStore()
        store.delete(WORKSPACE)  # nothing there: the error means "absent"
        store.save(WORKSPACE, KEY)
        with pytest.raises(KeyringUnavailableError, match="removed from"):
            store.delete(WORKSPACE)
        assert store.load(WORKSPACE) == KEY


def test_broken_keyring_configuration_means_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ImportError("No module named 'nowhere'")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    assert not keyring_is_usable()
    assert describe_keyring() == NO_KEYRING
    with pytest.raises(KeyringUnavailableError):
        KeyringStore().load(WORKSPACE)


def test_empty_workspace_id_is_refused(memory: MemoryKeyring) -> None:
    with pytest.raises(ValueError, match="workspace id"):
        KeyringStore().save("", KEY)
    assert MemoryKeyring.store == {}


def test_use_keyring_restores_the_previous_backend() -> None:
    before = keyring.get_keyring()
    with use_keyring(MemoryKeyring()) as chosen:
        assert keyring.get_keyring() is chosen
    assert keyring.get_keyring() is before


def test_test_backends_never_join_the_real_chain() -> None:
    assert MemoryKeyring.priority < 0
    assert FailingKeyring.priority < 0
    assert not any(isinstance(b, MemoryKeyring | FailingKeyring) for b in ChainerBackend.backends)


@pytest.mark.slow
def test_memory_keyring_selected_in_a_subprocess() -> None:
    code = (
        "import keyring\n"
        "from sendmed_desktop.security.keyring_store import KeyringStore, keyring_is_usable\n"
        "print(type(keyring.get_keyring()).__name__, keyring_is_usable())\n"
        f"KeyringStore().save({WORKSPACE!r}, bytes(32))\n"
        f"print(KeyringStore().load({WORKSPACE!r}) == bytes(32))\n"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "tests.support.memory_keyring.MemoryKeyring"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["MemoryKeyring", "True", "True"]
