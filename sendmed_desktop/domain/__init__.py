"""Pure rules and value objects: no SQLAlchemy, no Qt, no I/O."""
