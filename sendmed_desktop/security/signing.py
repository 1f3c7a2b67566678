"""The mediator's signing identity: the key that seals documents, and its certificate.

One EC P-256 key and a self-signed X.509 certificate per workspace, made on first use.
They are kept only in ``signing-identity.p12``: PKCS#12 with the key and certificate
encrypted (PBES2, AES-256-CBC) and MAC'd (HMAC-SHA256) under a password derived from the
workspace key. The identity is therefore exactly as safe as the encrypted database, needs
no passphrase of its own, and the key never touches the disk in any other form.

When the mediator's name or provider changes the identity is rotated: the old
certificate (public, no key) is kept in ``known-signers/`` so documents sealed before
still verify as this workspace's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.errors import SecurityError
from sendmed_desktop.security.files import ensure_private_dir, write_private_file

log = logging.getLogger(__name__)

IDENTITY_FILE = "signing-identity.p12"
KNOWN_SIGNERS_DIR = "known-signers"
KEY_PURPOSE = "signing identity"
DEFAULT_SIGNER_NAME = "SendMed Desktop mediator"
VALIDITY = timedelta(days=3653)  # ten years, leap days included
# Clocks on laptops drift; a certificate that starts "now" can look not yet valid.
_BACKDATE = timedelta(hours=1)
# Renew before expiry so a document is never sealed with a certificate about to lapse.
_RENEW_BEFORE = timedelta(days=30)
_FRIENDLY_NAME = b"SendMed Desktop signing identity"
_NAME_LIMIT = 64  # X.520 upper bound for CN and O
# RFC 9336 id-kp-documentSigning; emailProtection too, which older validators expect.
_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
# The password is a 256-bit HKDF output, not something a person chose: stretching it adds
# nothing, so the count only has to satisfy tools that reject very low ones.
_KDF_ROUNDS = 10_000


class SigningIdentityError(SecurityError):
    """The signing identity cannot be opened or made; the message says what to do."""


class KeyedWorkspace(Protocol):
    """What the signing identity needs of a workspace (``Workspace`` is one)."""

    @property
    def paths(self) -> WorkspacePaths: ...

    def derive_key(self, purpose: str) -> bytes: ...


@dataclass(frozen=True)
class SigningIdentity:
    """The private key and certificate that seal this workspace's documents."""

    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    certificate: x509.Certificate

    @property
    def fingerprint(self) -> str:
        """Return the certificate's SHA-256 fingerprint (hex)."""
        return certificate_fingerprint(self.certificate)

    @property
    def signer_name(self) -> str:
        """Return the name the certificate gives (its common name)."""
        return common_name(self.certificate) or DEFAULT_SIGNER_NAME


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """Return a certificate's SHA-256 fingerprint as hex."""
    return certificate.fingerprint(hashes.SHA256()).hex()


def common_name(certificate: x509.Certificate) -> str | None:
    """Return the certificate subject's common name, if it has one."""
    return _attribute(certificate.subject, NameOID.COMMON_NAME)


def identity_path(workspace: KeyedWorkspace) -> Path:
    """Return where the workspace keeps its signing identity."""
    return workspace.paths.root / IDENTITY_FILE


def load_or_create_identity(
    workspace: KeyedWorkspace, *, signer_name: str, organisation: str | None = None
) -> SigningIdentity:
    """Return the workspace's signing identity for ``signer_name``, making it if needed.

    An identity for another name or organisation, or close to expiry, is retired (its
    certificate kept in ``known-signers/``) and replaced.
    """
    name = _clean(signer_name) or DEFAULT_SIGNER_NAME
    org = _clean(organisation or "") or None
    path = identity_path(workspace)
    if path.exists():
        identity = _load(workspace, path)
        if _fits(identity.certificate, name, org):
            return identity
        _retire(workspace, identity.certificate)
    identity = _create(name, org)
    _save(workspace, path, identity)
    log.info("signing identity created")
    return identity


def known_certificates(workspace: KeyedWorkspace) -> list[x509.Certificate]:
    """Return the certificates whose seals this workspace recognises as its own.

    The current identity's, then any retired ones. Nothing is created here.
    """
    found: list[x509.Certificate] = []
    path = identity_path(workspace)
    if path.exists():
        found.append(_load(workspace, path).certificate)
    folder = workspace.paths.root / KNOWN_SIGNERS_DIR
    if folder.is_dir():
        for pem in sorted(folder.glob("*.pem")):
            try:
                found.extend(x509.load_pem_x509_certificates(pem.read_bytes()))
            except ValueError:
                log.warning("skipped an unreadable certificate in %s", KNOWN_SIGNERS_DIR)
    unique: dict[str, x509.Certificate] = {}
    for certificate in found:
        unique.setdefault(certificate_fingerprint(certificate), certificate)
    return list(unique.values())


def _password(workspace: KeyedWorkspace) -> bytes:
    return workspace.derive_key(KEY_PURPOSE).hex().encode("ascii")


def _load(workspace: KeyedWorkspace, path: Path) -> SigningIdentity:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningIdentityError(
            f"The signing identity in {path.parent} could not be read ({exc.strerror}). "
            "Check that you can open files in the workspace folder."
        ) from None
    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(data, _password(workspace))
    except ValueError:
        # A wrong workspace key, a file from another workspace and a damaged file all fail
        # the MAC alike. Never replace the file: it may be the only copy of the key.
        raise SigningIdentityError(
            f"The signing identity in {path.parent} cannot be opened with this workspace's "
            "key; it is damaged or belongs to another workspace. Nothing was changed."
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or certificate is None:
        raise SigningIdentityError(
            f"The signing identity in {path.parent} is not one SendMed Desktop made."
        )
    return SigningIdentity(private_key=key, certificate=certificate)


def _save(workspace: KeyedWorkspace, path: Path, identity: SigningIdentity) -> None:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(_KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(_password(workspace))
    )
    data = pkcs12.serialize_key_and_certificates(
        _FRIENDLY_NAME, identity.private_key, identity.certificate, None, encryption
    )
    # Serialised in memory and written once, owner-only and atomically: the key exists
    # on disk only inside this encrypted file, never as a temporary PEM or DER.
    write_private_file(path, data)


def _retire(workspace: KeyedWorkspace, certificate: x509.Certificate) -> None:
    """Keep a replaced identity's certificate (public only) so its seals still verify."""
    folder = ensure_private_dir(workspace.paths.root / KNOWN_SIGNERS_DIR)
    name = f"{certificate_fingerprint(certificate)[:16]}.pem"
    write_private_file(folder / name, certificate.public_bytes(serialization.Encoding.PEM))
    log.info("signing identity retired")


def _fits(certificate: x509.Certificate, name: str, organisation: str | None) -> bool:
    fresh = certificate.not_valid_after_utc - datetime.now(UTC) > _RENEW_BEFORE
    org = _attribute(certificate.subject, NameOID.ORGANIZATION_NAME)
    return fresh and common_name(certificate) == name and org == organisation


def _create(name: str, organisation: str | None) -> SigningIdentity:
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    subject = x509.Name(attributes)
    now = datetime.now(UTC)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(private_key=key, certificate=certificate)


def _attribute(name: x509.Name, oid: ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return None
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _clean(text: str) -> str:
    return " ".join(text.split())[:_NAME_LIMIT]
