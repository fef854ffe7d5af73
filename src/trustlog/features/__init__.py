"""One package per thing a user does: commands, use cases, queries and views."""
