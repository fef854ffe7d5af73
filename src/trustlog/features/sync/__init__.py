"""One journal on every device: batches of changes through a folder a sync tool keeps."""
