"""`trustlog help`: the pages on research, safety and privacy."""
