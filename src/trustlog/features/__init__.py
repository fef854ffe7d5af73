"""One package per thing a user does: its commands, use cases, queries and views."""
