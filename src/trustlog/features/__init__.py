"""One package per thing a user does (see shared/style.md)."""
