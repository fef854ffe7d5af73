"""Locking the journal: encrypt, decrypt, passphrase, unlock, lock, key."""
