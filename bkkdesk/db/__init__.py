"""Local store: SQLAlchemy models, sessions, Alembic migrations and repositories."""
