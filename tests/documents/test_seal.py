"""Sealing and checking PDFs: intact, altered, another key, no seal, not a PDF."""

from __future__ import annotations

import secrets
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sendmed_desktop.documents.agreement_pdf import render_agreement
from sendmed_desktop.documents.seal import FIELD_NAME, SealStatus, seal_pdf, verify_pdf
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.keys import derive_subkey
from sendmed_desktop.security.signing import SigningIdentity, load_or_create_identity
from tests.documents.samples import sample_signed

needs_pdfsig = pytest.mark.skipif(
    shutil.which("pdfsig") is None, reason="poppler-utils' pdfsig is missing"
)


class KeyFolder:
    """Just enough of a workspace for the signing identity: a folder and a key."""

    def __init__(self, root: Path) -> None:
        self.paths = WorkspacePaths(root)
        self._key = secrets.token_bytes(32)

    def derive_key(self, purpose: str) -> bytes:
        return derive_subkey(self._key, purpose)


def make_identity(root: Path, name: str) -> SigningIdentity:
    root.mkdir(parents=True)
    return load_or_create_identity(KeyFolder(root), signer_name=name, organisation="Eastwick")


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    return make_identity(tmp_path_factory.mktemp("seal") / "ws", "Helen Ashworth")


@pytest.fixture(scope="module")
def unsealed() -> bytes:
    return render_agreement(sample_signed())


@pytest.fixture(scope="module")
def sealed(unsealed: bytes, identity: SigningIdentity) -> bytes:
    return seal_pdf(unsealed, identity, reason="Mediation agreement", location="England")


def signed_range_offset(pdf: bytes) -> int:
    """Return the offset of a harmless byte inside the first signed range (the title)."""
    offset = pdf.find(b"(Mediation agreement SM-2026-0042")
    assert 0 < offset < pdf.find(b"/ByteRange")
    return offset + 1


def test_a_sealed_file_is_intact(sealed: bytes, identity: SigningIdentity) -> None:
    check = verify_pdf(sealed, [identity.certificate])
    assert check.status is SealStatus.INTACT
    assert check.ok
    assert check.signer_name == "Helen Ashworth"
    assert check.fingerprint == identity.fingerprint
    assert check.signed_at is not None
    assert abs(datetime.now(UTC) - check.signed_at) < timedelta(minutes=10)
    assert "exactly as Helen Ashworth sealed it" in check.message
    assert FIELD_NAME.encode() in sealed


def test_one_changed_byte_is_altered(sealed: bytes, identity: SigningIdentity) -> None:
    tampered = bytearray(sealed)
    tampered[signed_range_offset(sealed)] ^= 0x01  # "Mediation" -> "Lediation"
    check = verify_pdf(bytes(tampered), [identity.certificate])
    assert check.status is SealStatus.ALTERED
    assert not check.ok
    assert "changed since Helen Ashworth sealed it" in check.message


def test_anything_added_after_sealing_is_altered(sealed: bytes, identity: SigningIdentity) -> None:
    appended = sealed + b"\n% added later\n"
    assert verify_pdf(appended, [identity.certificate]).status is SealStatus.ALTERED


def test_a_seal_by_another_key_is_unknown(
    unsealed: bytes, identity: SigningIdentity, tmp_path: Path
) -> None:
    # Same name, different key: a certificate anyone could make must not pass as ours.
    impostor = make_identity(tmp_path / "other", "Helen Ashworth")
    sealed = seal_pdf(unsealed, impostor, reason="r", location="l")
    check = verify_pdf(sealed, [identity.certificate])
    assert check.status is SealStatus.UNKNOWN_SIGNER
    assert check.signer_name == "Helen Ashworth"
    assert "does not know" in check.message
    assert verify_pdf(sealed, []).status is SealStatus.UNKNOWN_SIGNER
    assert verify_pdf(sealed, [identity.certificate, impostor.certificate]).ok


def test_an_unsealed_pdf_is_unsigned(unsealed: bytes, identity: SigningIdentity) -> None:
    check = verify_pdf(unsealed, [identity.certificate])
    assert check.status is SealStatus.UNSIGNED
    assert check.signer_name is None


@pytest.mark.parametrize(
    "data", [b"", b"garbage, not a PDF", b"%PDF-1.4\n" + bytes(range(256)) * 4], ids=repr
)
def test_garbage_is_unreadable(data: bytes, identity: SigningIdentity) -> None:
    check = verify_pdf(data, [identity.certificate])
    assert check.status is SealStatus.UNREADABLE
    assert check.message.endswith(".")


def test_a_truncated_sealed_file_is_never_intact(sealed: bytes, identity: SigningIdentity) -> None:
    for cut in (len(sealed) // 2, len(sealed) - 200):
        assert not verify_pdf(sealed[:cut], [identity.certificate]).ok


def test_a_damaged_seal_is_altered(sealed: bytes, identity: SigningIdentity) -> None:
    contents = sealed.find(b"/Contents <") + len(b"/Contents <")
    damaged = bytearray(sealed)
    damaged[contents + 40 : contents + 48] = b"00000000"
    check = verify_pdf(bytes(damaged), [identity.certificate])
    assert check.status is SealStatus.ALTERED


def pdfsig(pdf: bytes, path: Path) -> str:
    path.write_bytes(pdf)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return result.stdout + result.stderr


@needs_pdfsig
def test_pdfsig_finds_the_seal_valid(sealed: bytes, tmp_path: Path) -> None:
    report = pdfsig(sealed, tmp_path / "sealed.pdf")
    assert f"Signature Field Name: {FIELD_NAME}" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Signer Certificate Common Name: Helen Ashworth" in report


@needs_pdfsig
def test_pdfsig_finds_a_changed_byte_invalid(sealed: bytes, tmp_path: Path) -> None:
    tampered = bytearray(sealed)
    tampered[signed_range_offset(sealed)] ^= 0x01
    report = pdfsig(bytes(tampered), tmp_path / "tampered.pdf")
    assert "Signature Validation:" in report
    assert "Signature is Valid." not in report
