"""Keys: OS keyring, passphrase (Argon2id), recovery key, private files."""
