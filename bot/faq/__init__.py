"""Admin changes to the knowledge: the SQLite storage, its migrations and the repository."""
