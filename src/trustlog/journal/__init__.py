"""The journal: the one package that opens SQLite, keeps its files private and encrypts them."""
