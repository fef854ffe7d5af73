"""Share a packet with a partner: chosen parts of the journal, for `compare`."""
