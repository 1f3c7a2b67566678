"""The mediator's signing identity: made once, kept encrypted, rotated with the name."""

from __future__ import annotations

import os
import secrets
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sendmed_desktop import paths
from sendmed_desktop.security.keys import derive_subkey
from sendmed_desktop.security.signing import (
    DEFAULT_SIGNER_NAME,
    IDENTITY_FILE,
    KNOWN_SIGNERS_DIR,
    SigningIdentityError,
    certificate_fingerprint,
    identity_path,
    known_certificates,
    load_or_create_identity,
)
from sendmed_desktop.services.errors import WorkspaceError
from sendmed_desktop.services.workspace import Workspace

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


class KeyFolder:
    """Just enough of a workspace for the identity (a folder and a key), made in no time."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, mode=0o700)
        self.paths = paths.WorkspacePaths(root)
        self._key = secrets.token_bytes(32)

    def derive_key(self, purpose: str) -> bytes:
        return derive_subkey(self._key, purpose)


@pytest.fixture
def keyed(tmp_path: Path) -> KeyFolder:
    return KeyFolder(tmp_path / "ws")


def test_identity_is_made_once_and_reloaded_identical(keyed: KeyFolder) -> None:
    made = load_or_create_identity(keyed, signer_name="Helen Marsh", organisation="Eastwick")
    again = load_or_create_identity(keyed, signer_name="Helen Marsh", organisation="Eastwick")
    assert again.fingerprint == made.fingerprint
    assert again.certificate == made.certificate
    assert again.private_key.private_numbers() == made.private_key.private_numbers()
    assert [p.name for p in keyed.paths.root.iterdir() if "signing" in p.name] == [IDENTITY_FILE]


def test_certificate_says_who_and_what_for(keyed: KeyFolder) -> None:
    identity = load_or_create_identity(
        keyed, signer_name="Zoë Łukasz-Marsh", organisation="Eastwick Mediation"
    )
    certificate = identity.certificate
    assert identity.signer_name == "Zoë Łukasz-Marsh"
    assert "O=Eastwick Mediation" in certificate.subject.rfc4514_string()
    assert certificate.issuer == certificate.subject  # self-signed
    assert isinstance(identity.private_key.curve, ec.SECP256R1)
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=3650) <= lifetime <= timedelta(days=3660)
    assert certificate.not_valid_before_utc <= datetime.now(UTC)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment  # nonRepudiation
    assert not usage.key_cert_sign
    assert "private_key" not in repr(identity)


def test_a_blank_name_gets_the_default(keyed: KeyFolder) -> None:
    identity = load_or_create_identity(keyed, signer_name="   ")
    assert identity.signer_name == DEFAULT_SIGNER_NAME


@posix_only
def test_identity_file_is_owner_only(keyed: KeyFolder) -> None:
    load_or_create_identity(keyed, signer_name="Helen Marsh")
    mode = stat.S_IMODE(identity_path(keyed).stat().st_mode)
    assert mode == 0o600


def test_the_key_is_in_the_file_in_no_plain_form(keyed: KeyFolder) -> None:
    identity = load_or_create_identity(keyed, signer_name="Helen Marsh")
    data = identity_path(keyed).read_bytes()
    key = identity.private_key
    plain_forms = [
        key.private_bytes(serialization.Encoding.DER, form, serialization.NoEncryption())
        for form in (
            serialization.PrivateFormat.PKCS8,
            serialization.PrivateFormat.TraditionalOpenSSL,
        )
    ]
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    for form in [*plain_forms, pem, scalar]:
        assert form not in data
    assert b"PRIVATE KEY" not in data
    # The certificate is encrypted too: not even the name is readable in the file.
    assert identity.certificate.public_bytes(serialization.Encoding.DER) not in data
    assert b"Helen Marsh" not in data


def test_another_workspace_key_cannot_open_it(keyed: KeyFolder, tmp_path: Path) -> None:
    load_or_create_identity(keyed, signer_name="Helen Marsh")
    other = KeyFolder(tmp_path / "other")
    copied = identity_path(other)
    copied.write_bytes(identity_path(keyed).read_bytes())
    with pytest.raises(SigningIdentityError, match="cannot be opened"):
        load_or_create_identity(other, signer_name="Helen Marsh")
    with pytest.raises(SigningIdentityError):
        known_certificates(other)
    # Never overwritten: it may be the only copy of a key that sealed documents.
    assert copied.read_bytes() == identity_path(keyed).read_bytes()


def test_a_real_workspace_keeps_it_beside_the_database(workspace: Workspace) -> None:
    identity = load_or_create_identity(workspace, signer_name="Helen Marsh")
    assert identity_path(workspace).parent == workspace.paths.root
    assert known_certificates(workspace) == [identity.certificate]
    workspace.close()
    with pytest.raises(WorkspaceError, match="locked"):
        load_or_create_identity(workspace, signer_name="Helen Marsh")


def test_a_damaged_file_is_refused(keyed: KeyFolder) -> None:
    load_or_create_identity(keyed, signer_name="Helen Marsh")
    path = identity_path(keyed)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(SigningIdentityError):
        load_or_create_identity(keyed, signer_name="Helen Marsh")


def test_known_certificates_makes_nothing(keyed: KeyFolder) -> None:
    assert known_certificates(keyed) == []
    assert not identity_path(keyed).exists()


def test_a_new_name_rotates_and_the_old_certificate_stays_known(keyed: KeyFolder) -> None:
    old = load_or_create_identity(keyed, signer_name="The mediator")
    new = load_or_create_identity(keyed, signer_name="Helen Marsh", organisation="Eastwick")
    assert new.fingerprint != old.fingerprint
    known = known_certificates(keyed)
    assert {certificate_fingerprint(c) for c in known} == {new.fingerprint, old.fingerprint}
    assert known[0] == new.certificate  # the current identity first
    retired = list((keyed.paths.root / KNOWN_SIGNERS_DIR).glob("*.pem"))
    assert len(retired) == 1
    text = retired[0].read_bytes()
    assert b"BEGIN CERTIFICATE" in text
    assert b"PRIVATE KEY" not in text
    # Asking again with the new name keeps the new identity.
    again = load_or_create_identity(keyed, signer_name="Helen Marsh", organisation="Eastwick")
    assert again.fingerprint == new.fingerprint
