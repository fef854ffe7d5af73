"""The door into the journal: the only package that opens SQLite and writes private files."""
