"""Use cases: take plain data, call storage and documents, report progress."""
