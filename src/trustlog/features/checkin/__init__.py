"""checkin."""
