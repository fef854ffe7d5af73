"""Pure rules: no I/O, tested with plain values and a fixed date."""
