"""SQLAlchemy 2 ORM over SQLCipher: the only place that writes queries."""
