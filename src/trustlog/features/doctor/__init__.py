"""`trustlog doctor`: check a journal file from top to bottom, repair what is exact."""
