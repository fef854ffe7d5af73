"""trustlog: a command-line daily trust journal."""

__version__ = "0.1.0"
