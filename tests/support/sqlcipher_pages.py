"""Decrypt every page of a SQLCipher 4 database and its WAL, to see what is on disk.

SQLCipher 4 with a raw key encrypts each 4096-byte page with AES-256-CBC under the key
itself. The last 80 bytes of a page are reserved: a 16-byte IV, then a 64-byte HMAC.
Page 1 starts with the 16-byte salt instead of SQLite's header string; its encrypted
part begins at offset 16. Freed pages are decrypted too: nothing on disk is skipped.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVED = 80
IV_SIZE = 16
SALT_SIZE = 16
SQLITE_HEADER = b"SQLite format 3\x00"
WAL_HEADER_SIZE = 32
WAL_FRAME_HEADER_SIZE = 24


def decrypt_page(page: bytes, key: bytes, number: int) -> bytes:
    """Return page ``number`` (1-based) in plain text, reserved bytes left off."""
    if len(page) != PAGE_SIZE:
        raise ValueError(f"a page is {PAGE_SIZE} bytes, not {len(page)}")
    start = SALT_SIZE if number == 1 else 0
    end = PAGE_SIZE - RESERVED
    iv = page[end : end + IV_SIZE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[start:end]) + decryptor.finalize()
    return SQLITE_HEADER + plain if number == 1 else plain


def check_first_page(plain: bytes) -> None:
    """Raise AssertionError unless ``plain`` is a correctly decrypted page 1.

    The header's page size (bytes 16-17) and reserved space (byte 20) are encrypted on
    disk, so reading them back proves the key and the layout are right.
    """
    assert int.from_bytes(plain[16:18], "big") == PAGE_SIZE, "page 1 did not decrypt"
    assert plain[20] == RESERVED, "page 1 did not decrypt"


def database_pages(path: Path, key: bytes) -> list[bytes]:
    """Return every page of the database file in plain text, freed pages included."""
    data = path.read_bytes()
    if len(data) % PAGE_SIZE:
        raise ValueError("the database file is not a whole number of pages")
    pages = [
        decrypt_page(data[offset : offset + PAGE_SIZE], key, offset // PAGE_SIZE + 1)
        for offset in range(0, len(data), PAGE_SIZE)
    ]
    if pages:
        check_first_page(pages[0])
    return pages


def wal_pages(path: Path, key: bytes) -> list[bytes]:
    """Return the page image of every frame in a WAL file in plain text (none if absent)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    frame_size = WAL_FRAME_HEADER_SIZE + PAGE_SIZE
    pages = []
    for offset in range(WAL_HEADER_SIZE, len(data) - frame_size + 1, frame_size):
        number = int.from_bytes(data[offset : offset + 4], "big")
        page = data[offset + WAL_FRAME_HEADER_SIZE : offset + frame_size]
        plain = decrypt_page(page, key, number)
        if number == 1:
            check_first_page(plain)
        pages.append(plain)
    return pages


def on_disk(database: Path, key: bytes) -> bytes:
    """Return all that the database and its WAL hold, decrypted, as one byte string."""
    wal = database.with_name(database.name + "-wal")
    return b"".join(database_pages(database, key) + wal_pages(wal, key))
